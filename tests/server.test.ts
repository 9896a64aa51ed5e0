import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import twilio from 'twilio';
import { PATHS } from '../src/flow/links';
import { SHUTDOWN_GRACE_MS } from '../src/server';
import { speakable } from '../src/twiml/speakable';
import { CALL_SID, PROMPTS_DIR, TEST_TOKEN, callParams, testPrompts } from './support/harness';
import { parseTwiml, spoken, verbs } from './support/twiml';
import { freePort } from './support/ports';
import { tempDir } from './support/temp-dirs';

/**
 * The real process, as production runs it: src/ compiled by tsc (into a temporary folder, so the
 * test never touches dist/) and started with node. Nothing here waits a fixed time: every step
 * waits for something the server says or does, with generous limits for a busy CI machine.
 */
const ROOT = path.join(__dirname, '..');
const STEP_LIMIT_MS = 20_000;
const IN_FLIGHT = 5;

jest.setTimeout(90_000);

let buildDir: string;
const started: ChildProcess[] = [];

beforeAll(() => {
  buildDir = tempDir('iop-line-build-');
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--outDir', buildDir], {
    cwd: ROOT,
    stdio: 'pipe',
  });
});

afterEach(() => {
  // A test that failed half-way must not leave a server running.
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

interface Running {
  child: ChildProcess;
  port: number;
  /** Log lines (JSON) the server has written so far. */
  logs: Array<Record<string, unknown>>;
  stderr: string[];
  exited: Promise<{ code: number | null; at: number }>;
  /** Resolves with the first log line whose msg is `msg`. */
  logged(msg: string): Promise<Record<string, unknown>>;
}

/** Starts the server on a free port; tries again if another process took that port in between. */
async function startServer(nodeFlags: string[] = [], attempts = 3): Promise<Running> {
  try {
    return await startServerOnce(nodeFlags);
  } catch (err) {
    if (attempts > 1 && String(err).includes('EADDRINUSE')) return startServer(nodeFlags, attempts - 1);
    throw err;
  }
}

async function startServerOnce(nodeFlags: string[]): Promise<Running> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeFlags, path.join(buildDir, 'server.js')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      // The compiled files sit outside the project; this is where they find their dependencies.
      NODE_PATH: path.join(ROOT, 'node_modules'),
      PORT: String(port),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      TWILIO_AUTH_TOKEN: TEST_TOKEN,
      INTAKE_NUMBERS: '+15551230001,+15551230002',
      PROMPTS_DIR,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  const logs: Array<Record<string, unknown>> = [];
  const stderr: string[] = [];
  const waiting: Array<{ msg: string; resolve: (line: Record<string, unknown>) => void }> = [];
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const text of lines.filter(Boolean)) {
      const line = JSON.parse(text) as Record<string, unknown>;
      logs.push(line);
      for (const w of waiting.filter((w) => w.msg === line.msg)) w.resolve(line);
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.once('exit', (code) => resolve({ code, at: Date.now() })));
  const running: Running = {
    child,
    port,
    logs,
    stderr,
    exited,
    logged: (msg) =>
      within(
        new Promise((resolve) => {
          const seen = logs.find((line) => line.msg === msg);
          if (seen) resolve(seen);
          else waiting.push({ msg, resolve });
        }),
        `the log line "${msg}"`,
      ),
  };
  await Promise.race([
    running.logged('the IOP line is listening'),
    exited.then(({ code }) => Promise.reject(new Error(`the server exited with ${code}: ${stderr.join('')}`))),
  ]);
  return running;
}

/** A signed webhook whose headers go out at once and whose body is held back until `finish()`. */
function heldWebhook(port: number, pathAndQuery: string, params: Record<string, string>) {
  const body = new URLSearchParams(params).toString();
  const signature = twilio.getExpectedTwilioSignature(TEST_TOKEN, `http://127.0.0.1:${port}${pathAndQuery}`, params);
  const req = http.request({
    host: '127.0.0.1',
    port,
    path: pathAndQuery,
    method: 'POST',
    agent: false,
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'Content-Length': Buffer.byteLength(body),
      'X-Twilio-Signature': signature,
      // The server answers "100 Continue" once it has read the headers: proof the webhook is in flight.
      Expect: '100-continue',
    },
  });
  const inFlight = within(new Promise<void>((resolve) => req.once('continue', resolve)), 'the server to read the headers');
  const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
    req.once('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.once('error', reject);
  });
  req.flushHeaders();
  return {
    inFlight,
    /** Sends the body in two parts, the way a slow network would, and waits for the answer. */
    finish: async () => {
      const half = Math.floor(body.length / 2);
      req.write(body.slice(0, half));
      await new Promise<void>((resolve) => setImmediate(resolve));
      req.end(body.slice(half));
      return within(response, 'the answer to a webhook in flight');
    },
  };
}

function post(port: number, pathAndQuery: string, params: Record<string, string>): Promise<{ status: number; text: string }> {
  const held = heldWebhook(port, pathAndQuery, params);
  return held.inFlight.then(held.finish);
}

function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('the server process', () => {
  it('on SIGTERM stops accepting, finishes every webhook in flight, and exits with 0 in time', async () => {
    const server = await startServer();
    const { port } = server;

    // An idle keep-alive connection must not hold the process open.
    const keepAlive = new http.Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) =>
      http.get({ host: '127.0.0.1', port, path: '/healthz', agent: keepAlive }, (res) => res.resume().on('end', resolve)).on('error', reject),
    );

    const webhooks = Array.from({ length: IN_FLIGHT }, (_, i) =>
      heldWebhook(port, i % 2 ? PATHS.incoming : PATHS.turn, callParams(i % 2 ? {} : { SpeechResult: 'how much does it cost', Confidence: '0.9' })),
    );
    await Promise.all(webhooks.map((w) => w.inFlight));

    const signalledAt = Date.now();
    server.child.kill('SIGTERM');
    await server.logged('stopping: no new connections, finishing calls in flight');
    // The listening socket closes in the same turn as that log line is written; allow for the order.
    await until(async () => !(await connects(port)), 'new connections to be refused');

    const answers = await Promise.all(webhooks.map((w) => w.finish()));
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(verbs(parseTwiml(answer.text))).toContain('Gather');
    }

    const { code, at } = await within(server.exited, 'the process to exit');
    keepAlive.destroy();
    expect(code).toBe(0);
    expect(at - signalledAt).toBeLessThan(SHUTDOWN_GRACE_MS);
    expect(server.logs.find((line) => line.msg === 'stopped')).toMatchObject({ clean: true });
    expect(server.logs.filter((line) => line.msg === 'webhook' && line.callSid === CALL_SID)).toHaveLength(IN_FLIGHT);
  });

  it('builds the other language once it has answered its first request, and then understands it', async () => {
    const server = await startServer();
    expect((await post(server.port, PATHS.incoming, callParams())).status).toBe(200);
    await server.logged('every language can be understood');
    const answer = await post(server.port, `${PATHS.turn}?lang=es&last=menu&asked=&silence=0&miss=0`, callParams({ SpeechResult: 'cuánto cuesta el programa', Confidence: '0.9' }));
    const es = testPrompts().es!;
    expect(spoken(parseTwiml(answer.text))).toContain(speakable(es.topics.cost.answer, es.spokenAs));
    server.child.kill('SIGTERM');
    expect((await within(server.exited, 'the process to exit')).code).toBe(0);
  });

  it("starts from what the build learnt of the prompts' examples, and understands both languages as before", async () => {
    // What `npm run build` does after compiling; the other tests start without it, and learn at start-up.
    execFileSync(process.execPath, [path.join(buildDir, 'prebuild.js'), PROMPTS_DIR], { cwd: ROOT, env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') }, stdio: 'pipe' });
    try {
      const server = await startServer();
      expect(server.logs.find((line) => line.msg === "what the speech matchers learn from the prompts' examples")).toMatchObject({ fromBuild: ['en', 'es'], learning: [] });
      const turn = (lang: string, said: string) =>
        post(server.port, `${PATHS.turn}?lang=${lang}&last=menu&asked=&silence=0&miss=0`, callParams({ SpeechResult: said, Confidence: '0.9' }));
      const { en, es } = testPrompts();
      // Sentences only what was learnt from the examples places: without it, the first is asked
      // again and the second not understood.
      expect(spoken(parseTwiml((await turn('en', 'how much are the u a s')).text))).toContain(speakable(en.topics.cost.answer, en.spokenAs));
      await server.logged('every language can be understood');
      expect(spoken(parseTwiml((await turn('es', 'qué tan seguido tengo que venir')).text))).toContain(speakable(es!.topics.length.answer, es!.spokenAs));
      server.child.kill('SIGTERM');
      expect((await within(server.exited, 'the process to exit')).code).toBe(0);
    } finally {
      fs.rmSync(path.join(buildDir, 'learnt'), { recursive: true, force: true });
    }
  });

  it('answers webhooks without synchronous I/O once it is warm', async () => {
    // --trace-sync-io prints a stack for every synchronous fs call after start-up.
    const server = await startServer(['--trace-sync-io']);
    const turn = `${PATHS.turn}?lang=en&last=menu&asked=&silence=0&miss=0`;
    for (let round = 0; round < 20; round++) {
      for (const [pathAndQuery, extra] of [
        [PATHS.incoming, {}],
        [turn, { SpeechResult: 'what does the program cost', Confidence: '0.8' }],
        [turn, { Digits: '4' }],
        [PATHS.silence, {}],
        [PATHS.dialResult, { DialCallStatus: 'no-answer' }],
        [PATHS.fallback, {}],
      ] as const) {
        expect((await post(server.port, pathAndQuery, callParams(extra))).status).toBe(200);
      }
    }
    server.child.kill('SIGTERM');
    expect((await within(server.exited, 'the process to exit')).code).toBe(0);

    const warnings = server.stderr.join('').split(/(?=\(node:\d+\) WARNING: Detected use of sync API)/).filter((w) => w.includes('sync API'));
    // Two kinds are expected, and neither happens per webhook: a module that a dependency loads on
    // its first use (once per process), and pino writing its last lines synchronously at exit.
    const perRequest = warnings.filter((w) => !/Module\._load|on-exit-leak-free/.test(w));
    expect(perRequest).toEqual([]);
    expect(warnings.length).toBeLessThan(20);
  });
});

function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`gave up waiting for ${what} after ${STEP_LIMIT_MS} ms`)), STEP_LIMIT_MS);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/** Retries `check` until it holds, for at most STEP_LIMIT_MS. */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + STEP_LIMIT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${STEP_LIMIT_MS} ms`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

