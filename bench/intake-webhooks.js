// How fast the intake webhooks answer, on 127.0.0.1, against the built app (npm run build first).
// The REST adapter never answers, as if Twilio's API hung: the recording and status callbacks must
// still answer at once, since their work runs after the reply. Run: npm run bench:intake
'use strict';
const http = require('node:http');
const path = require('node:path');
const twilio = require('twilio');
const { createApp } = require('../dist/app');
const { loadConfig } = require('../dist/config');
const { loadPrompts } = require('../dist/content/load');
const { createLogger } = require('../dist/log');
const { BackgroundTasks } = require('../dist/intake/background');

const REQUESTS_PER_ROUTE = Number(process.env.BENCH_REQUESTS ?? 500);
const TOKEN = 'bench-token-0123456789abcdef';
const BASE = 'https://iop-line.example.org';
const CALL = { CallSid: 'CA0123456789abcdef0123456789abcdef', AccountSid: 'AC0123456789abcdef0123456789abcdef', From: '+15557654321', To: '+18556983554', CallStatus: 'in-progress', Direction: 'inbound', ApiVersion: '2010-04-01' };
const STATE = 'lang=en&last=cost&asked=cost.length&silence=0&miss=0';
const RECORDING = { RecordingSid: 'RE0123456789abcdef0123456789abcdef', RecordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC0/Recordings/RE0', RecordingStatus: 'completed', RecordingDuration: '23' };

const ROUTES = [
  ['0 → Dial with whisper', `/voice/turn?${STATE}`, { Digits: '0' }],
  ['whisper', `/voice/whisper?${STATE}`, { CallSid: 'CAfedcba9876543210fedcba9876543210' }],
  ['whisper accept', '/voice/whisper/accept', { Digits: '1' }],
  ['dial no-answer → voicemail', `/voice/dial-result?${STATE}`, { DialCallStatus: 'no-answer' }],
  ['voicemail left', `/voice/voicemail?${STATE}`, { RecordingDuration: '23' }],
  ['recording ready (REST hangs)', `/voice/recording?${STATE}`, RECORDING],
  ['call status (REST hangs)', '/voice/status', { CallStatus: 'completed', CallDuration: '95' }],
];

function post(port, pathAndQuery, params) {
  const body = new URLSearchParams(params).toString();
  const signature = twilio.getExpectedTwilioSignature(TOKEN, BASE + pathAndQuery, params);
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = http.request(
      { host: '127.0.0.1', port, path: pathAndQuery, method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), 'x-twilio-signature': signature } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main() {
  const config = loadConfig({
    PUBLIC_BASE_URL: BASE,
    TWILIO_AUTH_TOKEN: TOKEN,
    INTAKE_NUMBERS: '+15551230001,+15551230002',
    INTAKE_HOURS: '24/7',
    STAFF_SMS_NUMBERS: '+15551239001',
    TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
    TWILIO_SMS_FROM: '+18556983554',
    PROMPTS_DIR: path.join(__dirname, '..', 'prompts'),
  });
  const logger = createLogger({ level: 'silent' });
  const never = () => new Promise(() => {});
  const background = new BackgroundTasks(logger);
  const app = createApp({ config, prompts: loadPrompts(config.PROMPTS_DIR), logger, background, rest: { sendSms: never, callerOf: never, callFacts: never } });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address();

  console.log(`${REQUESTS_PER_ROUTE} sequential signed requests per route, node ${process.version}`);
  console.log('route                          status   p50 ms   p95 ms   max ms');
  for (const [name, pathAndQuery, extra] of ROUTES) {
    const times = [];
    const statuses = new Set();
    for (let i = 0; i < REQUESTS_PER_ROUTE; i++) {
      const { status, ms } = await post(port, pathAndQuery, { ...CALL, ...extra });
      statuses.add(status);
      times.push(ms);
    }
    times.sort((a, b) => a - b);
    const row = [name.padEnd(30), [...statuses].join('/').padEnd(6), ...[50, 95].map((p) => percentile(times, p).toFixed(2).padStart(8)), times[times.length - 1].toFixed(2).padStart(8)];
    console.log(row.join(' '));
  }
  console.log(`background tasks still waiting on the hung REST adapter: ${background.size}`);
  server.close();
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
