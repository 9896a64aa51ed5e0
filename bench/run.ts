/**
 * `npm run bench`: the line under load, next to a bare Express app, on this machine.
 *
 * Both servers run as child processes on 127.0.0.1 (the line is the built dist/server.js, started
 * with the node options of `npm start`, logging on as in production, its output thrown away);
 * autocannon runs here. Prints a table and
 * each target with PASS or MISS. Exits non-zero only if a server crashes or answers anything but
 * 200 under load: a missed target is a finding, not a failure of the bench.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import twilio from 'twilio';
import { find, parseTwiml } from '../tests/support/twiml';
import { freePort } from '../tests/support/ports';

const ROOT = path.join(__dirname, '..', '..', '..');
const LINE_ENTRY = path.join(ROOT, 'dist', 'server.js');
const BARE_ENTRY = path.join(__dirname, 'bare-app.js');

const CONNECTIONS = 50;
const ROUNDS = 2;
const RUN_SECONDS = 10;
const WARMUP_SECONDS = 2;
const STARTUP_RUNS = 5;
const STARTUP_POLL_MS = 5;
const STARTUP_GIVE_UP_MS = 15_000;

const TARGETS = {
  /** The line's requests per second, as a share of the bare app's. */
  minThroughputRatio: 0.6,
  /** The line's p99 latency, as a multiple of the bare app's. */
  maxP99Ratio: 2,
  maxRssMb: 120,
  maxStartupMs: 1500,
};

/** A throwaway token: the bench signs its own requests, the way Twilio would. */
const TOKEN = 'bench-token-not-a-secret';
const CALL = {
  CallSid: 'CA00000000000000000000000000000000',
  AccountSid: 'AC00000000000000000000000000000000',
  From: '+15550000000',
  To: '+15550000001',
  CallStatus: 'in-progress',
  Direction: 'inbound',
  ApiVersion: '2010-04-01',
};
/** A caller's question as Twilio transcribes it: no keyword shortcut, so the matcher does all its work. */
const SPEECH = { SpeechResult: 'hi um I was wondering how much the program is and if you take my insurance', Confidence: '0.87' };

interface Server {
  name: string;
  child: ChildProcess;
  port: number;
  stderr: string[];
  exited: Promise<number | null>;
}

interface Workload {
  name: string;
  path: string;
  params: Record<string, string>;
}

interface Run {
  workload: string;
  round: number;
  server: string;
  rps: number;
  p50: number;
  p99: number;
  bad: number;
  /** The line's resident memory right after this run; not read for the bare app. */
  rssMb?: number;
}

async function main(): Promise<void> {
  console.log(`The IOP line under load: ${machine()}`);
  console.log(`line: node ${[...startOptions(), path.relative(ROOT, LINE_ENTRY)].join(' ')}; bare: node ${path.relative(ROOT, BARE_ENTRY)}\n`);

  const startups: number[] = [];
  for (let i = 0; i < STARTUP_RUNS; i++) {
    const server = await startLine(await freePort());
    startups.push(server.startupMs);
    await stop(server);
  }
  const startupMs = median(startups);
  console.log(`process start to first answered webhook: ${startups.map((ms) => ms.toFixed(0)).join(', ')} ms (median ${startupMs.toFixed(0)})`);

  const line = await startLine(await freePort());
  const bare = await startBare(await freePort());
  const workloads = await workloadsFor(line);
  const runs: Run[] = [];
  try {
    for (const w of workloads) for (const s of [line, bare]) await load(s, w, WARMUP_SECONDS);
    for (let round = 1; round <= ROUNDS; round++) {
      for (const w of workloads) {
        for (const s of [line, bare]) {
          const result = await load(s, w, RUN_SECONDS);
          runs.push({ workload: w.name, round, server: s.name, ...result, ...(s === line ? { rssMb: readRssMb(line) } : {}) });
        }
      }
    }
  } finally {
    await Promise.all([stop(line), stop(bare)]);
  }

  printRuns(runs);
  printTargets(runs, workloads, Math.max(...runs.map((r) => r.rssMb ?? 0)), startupMs);
  const bad = runs.filter((r) => r.bad > 0);
  if (bad.length > 0) {
    console.error(`\nFAILED: ${bad.map((r) => `${r.server} ${r.workload} round ${r.round}: ${r.bad} non-200 or failed`).join('; ')}`);
    process.exitCode = 1;
  }
}

// ---- Servers -----------------------------------------------------------------------------------

function lineEnv(port: number): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    PORT: String(port),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    TWILIO_AUTH_TOKEN: TOKEN,
    INTAKE_NUMBERS: '+15555550100,+15555550101',
    LOG_LEVEL: 'info',
  };
}

/**
 * The node options of `npm start` (package.json), so the bench measures the line as it is run:
 * "node --max-semi-space-size=4 dist/server.js" gives ["--max-semi-space-size=4"].
 */
function startOptions(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const words = pkg.scripts.start.trim().split(/\s+/);
  if (words[0] !== 'node' || words.at(-1) !== 'dist/server.js') {
    throw new Error(`npm start is "${pkg.scripts.start}"; the bench expects "node [options] dist/server.js"`);
  }
  return words.slice(1, -1);
}

function spawnServer(name: string, args: string[], env: NodeJS.ProcessEnv, port: number): Server {
  // Logs go to /dev/null: written as in production (logging is part of every webhook), never read.
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk) => stderr.push(String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { name, child, port, stderr, exited };
}

/** Spawns the built line and times it from spawn to the first webhook it answers with 200. */
async function startLine(port: number): Promise<Server & { startupMs: number }> {
  const started = performance.now();
  const server = spawnServer('line', [...startOptions(), LINE_ENTRY], lineEnv(port), port);
  await untilAnswered(server, { name: 'first turn', path: '/voice', params: CALL });
  return { ...server, startupMs: performance.now() - started };
}

async function startBare(port: number): Promise<Server> {
  const server = spawnServer('bare', [BARE_ENTRY], { PATH: process.env.PATH, NODE_ENV: 'production', PORT: String(port) }, port);
  await untilAnswered(server, { name: 'first turn', path: '/voice', params: CALL });
  return server;
}

async function untilAnswered(server: Server, w: Workload): Promise<string> {
  const deadline = performance.now() + STARTUP_GIVE_UP_MS;
  let exitCode: number | null | undefined;
  void server.exited.then((code) => (exitCode = code));
  for (;;) {
    const reply = await post(server, w).catch(() => undefined);
    if (reply?.status === 200) return reply.body;
    if (exitCode !== undefined) throw new Error(`${server.name} exited with ${exitCode} before answering:\n${server.stderr.join('')}`);
    if (performance.now() > deadline) throw new Error(`${server.name} did not answer ${w.path} within ${STARTUP_GIVE_UP_MS} ms`);
    await new Promise((r) => setTimeout(r, STARTUP_POLL_MS));
  }
}

async function stop(server: Server): Promise<void> {
  server.child.kill('SIGTERM');
  const code = await server.exited;
  if (code !== 0) throw new Error(`${server.name} exited with ${code} on SIGTERM:\n${server.stderr.join('')}`);
}

// ---- Requests ----------------------------------------------------------------------------------

/** The two webhooks under load. The speech turn's URL is taken from the line's own greeting, call state and all. */
async function workloadsFor(line: Server): Promise<Workload[]> {
  const first: Workload = { name: 'first turn', path: '/voice', params: CALL };
  const greeting = parseTwiml(await untilAnswered(line, first));
  const action = find(greeting, 'Gather')?.attrs.action;
  if (!action) throw new Error('the greeting has no <Gather action>');
  return [first, { name: 'speech turn', path: action, params: { ...CALL, ...SPEECH } }];
}

function signed(server: Server, w: Workload): { body: string; headers: Record<string, string> } {
  const url = `http://127.0.0.1:${server.port}${w.path}`;
  return {
    body: new URLSearchParams(w.params).toString(),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(TOKEN, url, w.params),
    },
  };
}

function post(server: Server, w: Workload): Promise<{ status: number; body: string }> {
  const { body, headers } = signed(server, w);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path: w.path, method: 'POST', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function load(server: Server, w: Workload, seconds: number): Promise<Omit<Run, 'workload' | 'round' | 'server'>> {
  const { body, headers } = signed(server, w);
  const result = await autocannon({
    url: `http://127.0.0.1:${server.port}${w.path}`,
    method: 'POST',
    body,
    headers,
    connections: CONNECTIONS,
    duration: seconds,
  });
  if (server.child.exitCode !== null || server.child.signalCode !== null) {
    throw new Error(`${server.name} died under load:\n${server.stderr.join('')}`);
  }
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    bad: result.non2xx + result.errors + result.timeouts,
  };
}

// ---- Report ------------------------------------------------------------------------------------

function readRssMb(server: Server): number {
  const status = readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
  return kb / 1024;
}

function printRuns(runs: Run[]): void {
  console.log(`\n${CONNECTIONS} connections, ${RUN_SECONDS} s a run, after a ${WARMUP_SECONDS} s warm-up of each`);
  console.table(
    runs.map((r) => ({
      webhook: r.workload,
      round: r.round,
      server: r.server,
      'req/s': Math.round(r.rps),
      'p50 ms': r.p50,
      'p99 ms': r.p99,
      'not 200': r.bad,
      'RSS MB': r.rssMb === undefined ? '' : r.rssMb.toFixed(1),
    })),
  );
}

function printTargets(runs: Run[], workloads: Workload[], rssMb: number, startupMs: number): void {
  const rows: Record<string, string | number>[] = [];
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
  for (const w of workloads) {
    const mean = (server: string, key: 'rps' | 'p99') => average(runs.filter((r) => r.workload === w.name && r.server === server).map((r) => r[key]));
    const throughput = mean('line', 'rps') / mean('bare', 'rps');
    const p99 = mean('line', 'p99') / mean('bare', 'p99');
    rows.push({ measure: `${w.name}: throughput, line / bare`, value: ratio(throughput), target: `>= ${TARGETS.minThroughputRatio}`, result: verdict(throughput >= TARGETS.minThroughputRatio) });
    rows.push({ measure: `${w.name}: p99, line / bare`, value: ratio(p99), target: `<= ${TARGETS.maxP99Ratio}`, result: verdict(p99 <= TARGETS.maxP99Ratio) });
  }
  rows.push({ measure: 'RSS after the load, highest (MB)', value: rssMb.toFixed(1), target: `< ${TARGETS.maxRssMb}`, result: verdict(rssMb < TARGETS.maxRssMb) });
  rows.push({ measure: 'start to first answered webhook (ms)', value: startupMs.toFixed(0), target: `< ${TARGETS.maxStartupMs}`, result: verdict(startupMs < TARGETS.maxStartupMs) });
  console.log(`\nTargets (ratios from the mean of the ${ROUNDS} rounds)`);
  console.table(rows);
}

function ratio(x: number): string {
  return x.toFixed(3);
}

function average(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function machine(): string {
  const cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown CPU';
  return `${os.availableParallelism()} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}


main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
