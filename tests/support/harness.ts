import { Writable } from 'node:stream';
import path from 'node:path';
import request from 'supertest';
import twilio from 'twilio';
import { createApp, type AppDeps } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { loadPrompts, type PromptLibrary } from '../../src/content/load';
import type { Prompts } from '../../src/content/schema';
import { PATHS } from '../../src/flow/links';
import { BackgroundTasks } from '../../src/intake/background';
import { createLogger } from '../../src/log';
import { PhoneCall, type Answer, type EndReason, type Need } from '../../src/phone/call';
import { perObject } from '../../src/per-object';
import type { Transport } from '../../src/phone/webhook';
import { buildMatcher, type Matcher } from '../../src/speech/matcher';
import { find, parseTwiml, type TwimlNode } from './twiml';

export const TEST_TOKEN = 'test-auth-token-0123456789abcdef';
export const PUBLIC_BASE_URL = 'https://iop-line.example.org';
export const INTAKE_A = '+15551230001';
export const INTAKE_B = '+15551230002';
export const CALLER = '+15557654321';
export const CALL_SID = 'CA0123456789abcdef0123456789abcdef';
export const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
/** The clinic's number, as Twilio sends it in To. */
export const LINE_NUMBER = '+18556983554';
export const STAFF_LEG_SID = 'CAfedcba9876543210fedcba9876543210';
export const RECORDING_SID = 'RE0123456789abcdef0123456789abcdef';
export const RECORDING_URL = `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${RECORDING_SID}`;

export const PROMPTS_DIR = path.join(__dirname, '..', '..', 'prompts');

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    PUBLIC_BASE_URL,
    TWILIO_AUTH_TOKEN: TEST_TOKEN,
    INTAKE_NUMBERS: `${INTAKE_A},${INTAKE_B}`,
    PROMPTS_DIR,
    ...env,
  });
}

let cachedPrompts: PromptLibrary | undefined;
export function testPrompts(): PromptLibrary {
  cachedPrompts ??= loadPrompts(PROMPTS_DIR);
  return cachedPrompts;
}

export interface Harness {
  app: ReturnType<typeof createApp>;
  config: Config;
  prompts: PromptLibrary;
  /** Every log line the app wrote, as text. */
  logs: string[];
  /** Work the app runs after answering (texts to staff, call look-ups); `await background.idle()`. */
  background: BackgroundTasks;
}

/** What a test may put in place of the real thing: the clock, the Twilio REST adapter, the retry wait, the matcher builder. */
export type HarnessDeps = Pick<AppDeps, 'clock' | 'rest' | 'sleep' | 'buildMatcher'>;

/** Retries in tests never really wait. */
export const noWait = async (_ms: number): Promise<void> => {};

/**
 * Each prompts set's matchers, built once for every app a test file makes from it: a build learns
 * from ~20,000 example lines, and suites that make dozens of apps spent most of their time there.
 */
const buildOnce = perObject<Prompts, Matcher>(buildMatcher);

export function makeHarness(env: Record<string, string> = {}, deps: HarnessDeps = {}): Harness {
  const config = testConfig(env);
  const prompts = testPrompts();
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ level: 'info', destination: sink });
  const background = new BackgroundTasks(logger);
  return { app: createApp({ config, prompts, logger, background, sleep: noWait, buildMatcher: buildOnce, ...deps }), config, prompts, logs, background };
}

export type Signing = 'valid' | 'forged' | 'none';

/** POSTs a form body the way Twilio does, signed for PUBLIC_BASE_URL + path. */
export function twilioPost(app: Harness['app'], pathAndQuery: string, params: Record<string, string>, signing: Signing = 'valid') {
  const req = request(app).post(pathAndQuery).type('form').send(params);
  if (signing === 'none') return req;
  const url = new URL(PUBLIC_BASE_URL).origin + pathAndQuery;
  const token = signing === 'valid' ? TEST_TOKEN : 'not-the-token';
  return req.set('X-Twilio-Signature', twilio.getExpectedTwilioSignature(token, url, params));
}

/** The parameters Twilio sends with every voice webhook. */
export function callParams(extra: Record<string, string> = {}): Record<string, string> {
  return {
    CallSid: CALL_SID,
    AccountSid: ACCOUNT_SID,
    From: CALLER,
    To: LINE_NUMBER,
    CallStatus: 'in-progress',
    Direction: 'inbound',
    ApiVersion: '2010-04-01',
    ...extra,
  };
}

/** Hands the local phone's requests straight to the app, without a listening server. */
export function appTransport(app: Harness['app']): Transport {
  return async ({ method, url, headers, body }) => {
    const { pathname, search } = new URL(url);
    const req = method === 'GET' ? request(app).get(pathname + search) : request(app).post(pathname + search);
    const res = await req.set(headers).send(body);
    return { status: res.status, contentType: String(res.headers['content-type'] ?? ''), text: res.text };
  };
}

/**
 * A caller on the line, one webhook at a time: a thin wrapper over the local phone (src/phone),
 * which follows the TwiML as Twilio does. Keys and sentences go to the Gather's action, silence
 * falls through to the Redirect after it, the end of a Dial goes to the Dial's action. Anything
 * Twilio would refuse or warn about (status, Content-Type, XML, unknown verb or attribute) throws.
 */
export class SimulatedCall {
  reply!: TwimlNode;
  /** The last TwiML on the staff member's leg (the whisper, then the answer to their key). */
  staffReply!: TwimlNode;
  private lastRecord: TwimlNode | undefined;
  private readonly call: PhoneCall;
  private readonly steps: AsyncGenerator<Need, EndReason, Answer>;
  private need: Need | undefined;
  private ended: EndReason | undefined;

  constructor(private readonly harness: Harness) {
    this.call = new PhoneCall({
      voiceUrl: harness.config.PUBLIC_BASE_URL + PATHS.incoming,
      authToken: harness.config.TWILIO_AUTH_TOKEN,
      callSid: CALL_SID,
      accountSid: ACCOUNT_SID,
      from: CALLER,
      to: LINE_NUMBER,
      transport: appTransport(harness.app),
    });
    this.steps = this.call.run();
  }

  async start(): Promise<TwimlNode> {
    return this.advance();
  }

  async press(digits: string): Promise<TwimlNode> {
    this.expectGather();
    return this.advance({ kind: 'keys', digits });
  }

  async say(transcript: string, confidence = '0.9'): Promise<TwimlNode> {
    this.expectGather();
    return this.advance({ kind: 'speech', transcript, confidence });
  }

  async silence(): Promise<TwimlNode> {
    this.expectGather();
    const reply = await this.advance({ kind: 'silence' });
    if (this.ended === 'end-of-document') throw new Error('no <Redirect> after the Gather: silence would end the call');
    return reply;
  }

  async dialEnds(params: Record<string, string>): Promise<TwimlNode> {
    const dial = this.reply.children.find((c) => c.name === 'Dial');
    if (this.need?.kind !== 'dial' || !dial?.attrs.action) throw new Error('no <Dial action> in the last reply');
    return this.advance({ params });
  }

  // The steps below play Twilio's side by hand, one webhook at a time, for tests that check each leg
  // (the whisper, the Record action, the recording callback) on its own; the caller's call above
  // stays where it was.

  /** A staff phone answers: Twilio fetches the first <Number url> on the staff leg. The caller's reply stays as it was. */
  async staffAnswers(): Promise<TwimlNode> {
    const number = find(this.reply, 'Number');
    if (!number?.attrs.url) throw new Error('no <Number url> in the last reply: nobody would hear a whisper');
    const dial = find(this.reply, 'Dial')!;
    const params = { CallSid: STAFF_LEG_SID, ParentCallSid: CALL_SID, From: dial.attrs.callerId ?? '+18556983554', To: number.text, Direction: 'outbound-dial' };
    this.staffReply = await this.fetch(number.attrs.url, params);
    return this.staffReply;
  }

  /** The staff member presses a key at the whisper's Gather. */
  async staffPresses(digits: string): Promise<TwimlNode> {
    const gather = find(this.staffReply, 'Gather');
    if (!gather?.attrs.action) throw new Error('the whisper has no <Gather action>');
    this.staffReply = await this.fetch(gather.attrs.action, { CallSid: STAFF_LEG_SID, ParentCallSid: CALL_SID, Digits: digits });
    return this.staffReply;
  }

  /** The caller leaves a message: Twilio posts the <Record> action. */
  async leaveMessage(seconds = 23): Promise<TwimlNode> {
    const record = this.record();
    return this.post(record.attrs.action!, { RecordingUrl: RECORDING_URL, RecordingSid: RECORDING_SID, RecordingDuration: String(seconds), Digits: '#' });
  }

  /** Twilio's recording status callback for the message: it carries no From. Returns the HTTP response. */
  async recordingReady(seconds = 23) {
    const record = this.record();
    const params: Record<string, string> = {
      AccountSid: ACCOUNT_SID,
      CallSid: CALL_SID,
      RecordingSid: RECORDING_SID,
      RecordingUrl: RECORDING_URL,
      RecordingStatus: 'completed',
      RecordingDuration: String(seconds),
      RecordingChannels: '1',
      RecordingSource: 'RecordVerb',
      RecordingStartTime: 'Tue, 10 Mar 2026 01:41:00 +0000',
    };
    return twilioPost(this.harness.app, record.attrs.recordingStatusCallback!, params);
  }

  /** The <Record> the caller reached (kept after its action, for the recording callback). */
  private record(): TwimlNode {
    const record = find(this.reply, 'Record') ?? this.lastRecord;
    if (!record?.attrs.action || !record.attrs.recordingStatusCallback) throw new Error('no <Record action recordingStatusCallback> reached');
    return record;
  }

  private expectGather(): void {
    if (this.need?.kind !== 'gather') throw new Error('the last reply has no <Gather action>: the caller cannot answer');
  }

  private async advance(answer?: Answer): Promise<TwimlNode> {
    const before = this.call.problems.length;
    const step = answer === undefined ? await this.steps.next() : await this.steps.next(answer);
    this.need = step.done ? undefined : step.value;
    this.ended = step.done ? step.value : undefined;
    const problems = this.call.problems.slice(before);
    if (problems.length) throw new Error(problems.map((p) => `${p.code ?? ''} ${p.message}`.trim()).join('; '));
    if (!this.call.document) throw new Error('the line sent no TwiML');
    this.reply = this.call.document;
    return this.reply;
  }

  private async post(pathAndQuery: string, params: Record<string, string>): Promise<TwimlNode> {
    this.lastRecord = find(this.reply, 'Record') ?? this.lastRecord;
    this.reply = await this.fetch(pathAndQuery, params);
    return this.reply;
  }

  private async fetch(pathAndQuery: string, params: Record<string, string>): Promise<TwimlNode> {
    const res = await twilioPost(this.harness.app, pathAndQuery, callParams(params));
    if (res.status !== 200) throw new Error(`${pathAndQuery} answered ${res.status}: ${res.text}`);
    if (!String(res.headers['content-type']).startsWith('text/xml')) throw new Error(`not text/xml: ${res.headers['content-type']}`);
    return parseTwiml(res.text);
  }
}
