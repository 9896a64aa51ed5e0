import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { createHmac } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { REDACTED_NESTED_FIELDS, createLogger, isoTimeField, makeCallerHasher } from '../src/log';
import { CALLER, CALL_SID, SimulatedCall, callParams, makeHarness, twilioPost } from './support/harness';

const WORDS = 'my son is using again how much does it cost';

describe('logs never hold caller data in clear', () => {
  it('a whole call leaves no number, words, digits or recording link in the log, one line per webhook', async () => {
    const harness = makeHarness();
    const phone = new SimulatedCall(harness);
    await phone.start();
    await phone.say(WORDS);
    await phone.press('6');
    await twilioPost(harness.app, '/voice/turn', callParams({ Digits: '4', RecordingUrl: 'https://api.twilio.com/rec/RE123' }));

    const all = harness.logs.join('\n');
    expect(harness.logs).toHaveLength(4);
    expect(all).not.toContain(CALLER);
    expect(all).not.toContain(CALLER.slice(2));
    expect(all).not.toContain('my son');
    expect(all).not.toContain('api.twilio.com/rec');
    for (const line of harness.logs.map((l) => JSON.parse(l))) {
      expect(Object.keys(line)).toEqual(expect.arrayContaining(['route', 'callSid', 'caller', 'outcome', 'ms']));
      expect(line.callSid).toBe(CALL_SID);
      expect(line).not.toHaveProperty('Digits');
    }
  });

  it('the caller is a keyed hash, the same on every webhook of the call, so calls can be correlated', async () => {
    const harness = makeHarness({ LOG_HASH_KEY: 'a-test-key-that-is-long-enough' });
    await twilioPost(harness.app, '/voice', callParams());
    await twilioPost(harness.app, '/voice/turn', callParams({ Digits: '1' }));
    const [a, b] = harness.logs.map((l) => JSON.parse(l).caller);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(a).toBe(b);
    expect(makeCallerHasher('another-key-of-enough-length')(CALLER)).not.toBe(a);
  });

  it('the hash is the first 16 hex digits of HMAC-SHA256(key, number), so ids stay the same from one release to the next', () => {
    const key = 'a-test-key-that-is-long-enough';
    expect(makeCallerHasher(key)(CALLER)).toBe(createHmac('sha256', key).update(CALLER).digest('hex').slice(0, 16));
    expect(makeCallerHasher(key)(undefined)).toBeUndefined();
  });

  it('remembering a call\'s caller id keeps no part of the webhook that carried it: not the number, not the words', () => {
    // The CallSid is parsed out of the raw body; a key that still pointed into that body would keep
    // it in memory (and in any heap dump). A child process takes a heap snapshot and looks for the words.
    const script = `
      const v8 = require('v8');
      const { parseForm } = require('./src/http/form-body');
      const { makeCallerHasher } = require('./src/log');
      const hashCaller = makeCallerHasher('k'.repeat(32));
      (() => {
        const words = ['zq', 'marker', 'zq'].join('');
        const fields = parseForm('CallSid=CA' + 'a'.repeat(32) + '&From=%2B15559871234&SpeechResult=' + words.repeat(50), 200);
        hashCaller(String(fields.From), String(fields.CallSid));
      })();
      global.gc();
      const needle = ['zq', 'marker', 'zq'].join('').repeat(3);
      let found = false, tail = '';
      const snapshot = v8.getHeapSnapshot();
      snapshot.on('data', (chunk) => { const text = tail + chunk; if (text.includes(needle)) found = true; tail = text.slice(-needle.length); });
      snapshot.on('end', () => process.stdout.write(String(found)));`;
    const root = path.join(__dirname, '..');
    const found = execFileSync(process.execPath, ['--expose-gc', '--require', 'tsx/cjs', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(found).toBe('false');
  });

  it('a call keeps the id of its caller on every webhook, and another call from the same number gets the same id', () => {
    const key = 'a-test-key-that-is-long-enough';
    const hashCaller = makeCallerHasher(key);
    const first = hashCaller(CALLER, 'CA-one');
    expect(first).toBe(makeCallerHasher(key)(CALLER));
    expect(hashCaller(CALLER, 'CA-one')).toBe(first);
    expect(hashCaller(CALLER, 'CA-two')).toBe(first);
    expect(hashCaller('+15550001111', 'CA-three')).not.toBe(first);
    expect(hashCaller(undefined, 'CA-four')).toBeUndefined();
  });

  it('even an object holding caller fields, logged by mistake, is redacted', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (c, _e, done) => (lines.push(String(c)), done()) });
    const logger = createLogger({ level: 'info', destination: sink });
    logger.info({ From: CALLER, SpeechResult: WORDS, body: { From: CALLER }, params: { Digits: '1234' } }, 'oops');
    expect(lines.join('')).not.toContain(CALLER);
    expect(lines.join('')).not.toContain(WORDS);
    expect(lines.join('')).not.toContain('1234');
  });

  it('every caller field one level down in any object is redacted, and the logged object is left as it was', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (c, _e, done) => (lines.push(String(c)), done()) });
    const logger = createLogger({ level: 'info', destination: sink });
    const nested = Object.fromEntries(REDACTED_NESTED_FIELDS.map((field) => [field, `${field}-${WORDS}`]));
    const params = { ...nested, CallSid: CALL_SID };
    logger.info({ params, route: '/voice' }, 'oops');
    const line = JSON.parse(lines.join(''));
    expect(lines.join('')).not.toContain(WORDS);
    expect(line.params.CallSid).toBe(CALL_SID);
    expect(params).toEqual({ ...nested, CallSid: CALL_SID });
  });
});

describe('the time of a line', () => {
  afterEach(() => jest.restoreAllMocks());

  it("is written exactly as pino's isoTime writes it, across seconds, minutes, days and years", () => {
    const time = isoTimeField();
    const instants = [0, 999, 1000, 1_764_262_067_001, 1_764_262_067_999, 1_764_262_068_000, 1_767_225_599_999, 1_767_225_600_000, 1_767_225_600_042, 951_782_399_500, 253_402_300_799_999];
    for (const now of [...instants, ...instants.map((t) => t + 7)]) {
      jest.spyOn(Date, 'now').mockReturnValue(now);
      expect(time()).toBe(pino.stdTimeFunctions.isoTime());
    }
  });
});
