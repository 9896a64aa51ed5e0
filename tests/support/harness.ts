import { Writable } from 'node:stream';
import path from 'node:path';
import request from 'supertest';
import twilio from 'twilio';
import { createApp } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { loadPrompts, type PromptLibrary } from '../../src/content/load';
import { createLogger } from '../../src/log';
import { parseTwiml, type TwimlNode } from './twiml';

export const TEST_TOKEN = 'test-auth-token-0123456789abcdef';
export const PUBLIC_BASE_URL = 'https://iop-line.example.org';
export const INTAKE_A = '+15551230001';
export const INTAKE_B = '+15551230002';
export const CALLER = '+15557654321';
export const CALL_SID = 'CA0123456789abcdef0123456789abcdef';

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
}

export function makeHarness(env: Record<string, string> = {}): Harness {
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
  return { app: createApp({ config, prompts, logger }), config, prompts, logs };
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
    AccountSid: 'AC0123456789abcdef0123456789abcdef',
    From: CALLER,
    To: '+18556983554',
    CallStatus: 'in-progress',
    Direction: 'inbound',
    ApiVersion: '2010-04-01',
    ...extra,
  };
}

/**
 * A caller on the line, following the TwiML as Twilio would: keys and sentences go to the Gather's
 * action, silence to the Redirect after it, the end of a Dial to the Dial's action.
 */
export class SimulatedCall {
  reply!: TwimlNode;
  constructor(private readonly harness: Harness) {}

  async start(): Promise<TwimlNode> {
    return this.post('/voice', {});
  }

  async press(digits: string): Promise<TwimlNode> {
    return this.post(this.gatherAction(), { Digits: digits });
  }

  async say(transcript: string, confidence = '0.9'): Promise<TwimlNode> {
    return this.post(this.gatherAction(), { SpeechResult: transcript, Confidence: confidence });
  }

  async silence(): Promise<TwimlNode> {
    const redirect = this.reply.children.find((c) => c.name === 'Redirect');
    if (!redirect) throw new Error('no <Redirect> after the Gather: silence would end the call');
    return this.post(redirect.text, {});
  }

  async dialEnds(params: Record<string, string>): Promise<TwimlNode> {
    const dial = this.reply.children.find((c) => c.name === 'Dial');
    if (!dial?.attrs.action) throw new Error('no <Dial action> in the last reply');
    return this.post(dial.attrs.action, params);
  }

  private gatherAction(): string {
    const gather = this.reply.children.find((c) => c.name === 'Gather');
    if (!gather?.attrs.action) throw new Error('the last reply has no <Gather action>: the caller cannot answer');
    return gather.attrs.action;
  }

  private async post(pathAndQuery: string, params: Record<string, string>): Promise<TwimlNode> {
    const res = await twilioPost(this.harness.app, pathAndQuery, callParams(params));
    if (res.status !== 200) throw new Error(`${pathAndQuery} answered ${res.status}: ${res.text}`);
    if (!String(res.headers['content-type']).startsWith('text/xml')) throw new Error(`not text/xml: ${res.headers['content-type']}`);
    this.reply = parseTwiml(res.text);
    return this.reply;
  }
}
