import { randomBytes } from 'node:crypto';
import { speakingSeconds } from '../twiml/speakable';
import type { Leg, Problem } from './twilio-schema';
import type { TwimlNode } from './twiml';
import { fetchTransport, sendWebhook, TWILIO_REPLY_LIMIT_MS, type Transport, type Webhook, type WebhookResult } from './webhook';

export type { Leg, Problem } from './twilio-schema';

// Twilio's documented defaults for the attributes the phone reads.
const GATHER_DEFAULTS = { input: 'dtmf', timeout: 5, finishOnKey: '#' };
const DIAL_TIMEOUT_DEFAULT = 30;
const RECORD_DEFAULTS = { timeout: 5, maxLength: 3600, finishOnKey: '1234567890*#' };
const PAUSE_DEFAULT_SECONDS = 1;
const API_VERSION = '2010-04-01';
/** The confidence the phone reports for what a caller typed as speech: a clear line. */
export const DEFAULT_CONFIDENCE = 0.9;
/** How long a simulated conversation with intake lasts, for DialCallDuration and the call's length. */
export const SIMULATED_CONVERSATION_SECONDS = 180;

/** What a person on the line does when the line waits for them. */
export type CallerAction =
  | { kind: 'keys'; digits: string }
  /** Confidence is sent as given; a number from a person, any text from a test of odd input. */
  | { kind: 'speech'; transcript: string; confidence?: number | string }
  | { kind: 'silence' }
  | { kind: 'hangup' };

/** How the ringing of intake ends. */
export const DIAL_OUTCOMES = ['answered', 'no-answer', 'busy', 'failed'] as const;
export type DialOutcome = (typeof DIAL_OUTCOMES)[number];

/** A Dial's end: an outcome the phone plays out, or (for tests that play Twilio's side) the exact action parameters. */
export type DialAnswer = { outcome: DialOutcome } | { params: Record<string, string> };

/** Where the call waits for someone: a caller or staff member at a Gather or Record, or intake's phones ringing. */
export type Need =
  | { kind: 'gather'; leg: Leg; input: string[]; timeoutSeconds: number; numDigits?: number }
  | { kind: 'record'; leg: Leg; maxLengthSeconds: number; timeoutSeconds: number }
  | { kind: 'dial'; numbers: string[]; timeoutSeconds: number };

export type Answer = CallerAction | DialAnswer;

export type EndReason =
  /** The TwiML said <Hangup> (or <Reject>). */
  | 'hangup'
  /** The document ran out of verbs: Twilio hangs up. */
  | 'end-of-document'
  | 'caller-hangup'
  /** Twilio could not use a reply, nor the fallback's: the caller hears Twilio's own error message. */
  | 'application-error';

export type PhoneEvent =
  | { type: 'call'; url: string; from: string; to: string }
  /** One request to the line; `params` are those beyond the call's own (CallSid, From, ...): what happened. */
  | { type: 'webhook'; leg: Leg; purpose: string; method: string; url: string; params: Record<string, string>; status?: number; ms: number }
  | { type: 'say'; leg: Leg; text: string; seconds: number; loop: number; voice?: string; language?: string; interruptible: boolean }
  | { type: 'play'; leg: Leg; url: string; digits?: string; interruptible: boolean }
  | { type: 'pause'; leg: Leg; seconds: number; interruptible: boolean }
  | { type: 'listen'; leg: Leg; input: string[]; timeoutSeconds: number; numDigits?: number }
  | { type: 'input'; leg: Leg; action: CallerAction; heard: boolean }
  | { type: 'dial'; numbers: string[]; timeoutSeconds: number }
  | { type: 'dial-end'; status: string; bridged: boolean; number?: string }
  | { type: 'record'; leg: Leg; maxLengthSeconds: number; beep: boolean }
  | { type: 'recorded'; leg: Leg; seconds: number; transcript: string }
  | { type: 'problem'; leg: Leg; url: string; severity: Problem['severity']; code?: number; message: string }
  | { type: 'note'; leg: Leg; message: string }
  | { type: 'end'; reason: EndReason; seconds: number };

export interface CallSetup {
  /** The number's Voice URL ("A call comes in"), absolute. */
  voiceUrl: string;
  /** The number's fallback URL ("Primary handler fails"), absolute; without it a failure ends the call. */
  fallbackUrl?: string;
  /** The number's status callback ("Call status changes"), absolute. */
  statusCallback?: string;
  authToken: string;
  from: string;
  to: string;
  callSid?: string;
  accountSid?: string;
  transport?: Transport;
  replyLimitMs?: number;
}

interface Loaded {
  url: string;
  twiml: TwimlNode;
}

type Flow = { kind: 'next'; doc: Loaded } | { kind: 'end'; reason: EndReason };
type Steps<T> = AsyncGenerator<Need, T, Answer>;

type Listener = (event: PhoneEvent) => void | Promise<void>;

/**
 * Twilio's side of one call: it requests the line's TwiML and follows the verbs as Twilio documents
 * them, and stops wherever a person must act (see Need). Drive it with `run()`: each `next(answer)`
 * gives the answer to the last Need and goes on to the next one, until the call ends.
 */
export class PhoneCall {
  readonly callSid: string;
  readonly accountSid: string;
  readonly problems: Problem[] = [];
  /** The last TwiML document the caller's leg received. */
  document?: TwimlNode;
  /** Seconds the call has lasted, by the words said, pauses, waits and talk. */
  seconds = 0;
  private readonly listeners: Listener[] = [];
  private readonly transport: Transport;
  /** The parameters of the staff member's leg while a whisper runs on it. */
  private staffParams: Record<string, string> = {};

  constructor(private readonly setup: CallSetup) {
    this.callSid = setup.callSid ?? sid('CA');
    this.accountSid = setup.accountSid ?? sid('AC');
    this.transport = setup.transport ?? fetchTransport;
  }

  on(listener: Listener): this {
    this.listeners.push(listener);
    return this;
  }

  async *run(): Steps<EndReason> {
    await this.emit({ type: 'call', url: this.setup.voiceUrl, from: this.setup.from, to: this.setup.to });
    let flow = await this.fetchTwiml('caller', this.setup.voiceUrl, 'POST', {}, 'incoming call');
    while (flow.kind === 'next') flow = yield* this.execute('caller', flow.doc);
    await this.emit({ type: 'end', reason: flow.reason, seconds: Math.round(this.seconds) });
    if (this.setup.statusCallback) {
      await this.callback('caller', this.setup.statusCallback, 'POST', { CallStatus: 'completed', CallDuration: String(Math.round(this.seconds)) }, 'status callback');
    }
    return flow.reason;
  }

  // ---- Verbs --------------------------------------------------------------------------------

  private async *execute(leg: Leg, doc: Loaded): Steps<Flow> {
    for (const verb of doc.twiml.children) {
      switch (verb.name) {
        case 'Say':
        case 'Play':
        case 'Pause':
          await this.prompt(leg, verb, false);
          break;
        case 'Gather': {
          const flow = yield* this.gather(leg, doc, verb);
          if (flow) return flow;
          break;
        }
        case 'Redirect':
          return this.fetchTwiml(leg, resolve(verb.text, doc.url), method(verb), {}, 'Redirect');
        case 'Hangup':
        case 'Reject':
          return { kind: 'end', reason: 'hangup' };
        case 'Dial': {
          if (leg === 'staff') break; // flagged by checkTwiml; Twilio will not dial from a whisper
          const flow = yield* this.dial(doc, verb);
          if (flow) return flow;
          break;
        }
        case 'Record': {
          const flow = yield* this.record(leg, doc, verb);
          if (flow) return flow;
          break;
        }
        default:
          await this.emit({ type: 'note', leg, message: `<${verb.name}> is not simulated by the local phone; skipped` });
      }
    }
    return { kind: 'end', reason: 'end-of-document' };
  }

  private async prompt(leg: Leg, verb: TwimlNode, interruptible: boolean): Promise<void> {
    const loop = intAttr(verb, 'loop', 1) || 1;
    if (verb.name === 'Say') {
      const seconds = speakingSeconds(verb.text) * loop;
      this.seconds += seconds;
      await this.emit({ type: 'say', leg, text: verb.text, seconds, loop, voice: verb.attrs.voice, language: verb.attrs.language, interruptible });
    } else if (verb.name === 'Play') {
      await this.emit({ type: 'play', leg, url: verb.text, digits: verb.attrs.digits, interruptible });
    } else if (verb.name === 'Pause') {
      const seconds = intAttr(verb, 'length', PAUSE_DEFAULT_SECONDS);
      this.seconds += seconds;
      await this.emit({ type: 'pause', leg, seconds, interruptible });
    }
  }

  /** Prompts nested in the Gather can be interrupted; input ends it and goes to its action; none falls through. */
  private async *gather(leg: Leg, doc: Loaded, verb: TwimlNode): Steps<Flow | undefined> {
    for (const child of verb.children) await this.prompt(leg, child, true);
    const input = (verb.attrs.input ?? GATHER_DEFAULTS.input).split(/\s+/).filter(Boolean);
    const timeoutSeconds = intAttr(verb, 'timeout', GATHER_DEFAULTS.timeout);
    const numDigits = verb.attrs.numDigits === undefined ? undefined : intAttr(verb, 'numDigits', 0) || undefined;
    await this.emit({ type: 'listen', leg, input, timeoutSeconds, numDigits });

    const action = asCallerAction(yield { kind: 'gather', leg, input, timeoutSeconds, numDigits });
    if (action.kind === 'hangup') {
      await this.emit({ type: 'input', leg, action, heard: true });
      return { kind: 'end', reason: leg === 'caller' ? 'caller-hangup' : 'hangup' };
    }
    const params = gatherParams(verb, action, input, numDigits);
    await this.emit({ type: 'input', leg, action, heard: params !== null || action.kind === 'silence' });
    if (params === null) {
      this.seconds += timeoutSeconds;
      if (action.kind !== 'silence') await this.emit({ type: 'note', leg, message: ignoredInputNote(action, input) });
    }
    if (params !== null || verb.attrs.actionOnEmptyResult === 'true') {
      return this.fetchTwiml(leg, resolve(verb.attrs.action, doc.url), method(verb), params ?? {}, 'Gather action');
    }
    return undefined;
  }

  /**
   * Rings the numbers. When one answers and its <Number url> is set, that TwiML runs on the staff
   * member's leg first (the whisper); they are connected only if it runs to its end without <Hangup>.
   */
  private async *dial(doc: Loaded, verb: TwimlNode): Steps<Flow | undefined> {
    const nouns = verb.children;
    const numbers = nouns.length ? nouns.map((n) => n.text) : [verb.text];
    for (const noun of nouns.filter((n) => n.name !== 'Number')) {
      await this.emit({ type: 'note', leg: 'caller', message: `<Dial><${noun.name}> is not simulated; it is rung like a number` });
    }
    const timeoutSeconds = intAttr(verb, 'timeout', DIAL_TIMEOUT_DEFAULT);
    await this.emit({ type: 'dial', numbers, timeoutSeconds });
    const answer = yield { kind: 'dial', numbers, timeoutSeconds };
    if (!('outcome' in answer) && !('params' in answer)) throw new Error(`a Dial needs a DialAnswer, got ${JSON.stringify(answer)}`);

    let params: Record<string, string>;
    if ('params' in answer) {
      params = answer.params;
    } else {
      const dialSid = sid('CA');
      let bridged = false;
      const answeredAt = this.seconds;
      if (answer.outcome === 'answered') {
        const noun = nouns[0];
        bridged = true;
        if (noun?.attrs.url) {
          this.staffParams = {
            CallSid: dialSid,
            ParentCallSid: this.callSid,
            AccountSid: this.accountSid,
            From: verb.attrs.callerId ?? this.setup.from,
            To: numbers[0] ?? '',
            CallStatus: 'in-progress',
            Direction: 'outbound-dial',
            ApiVersion: API_VERSION,
          };
          let flow = await this.fetchTwiml('staff', resolve(noun.attrs.url, doc.url), method(noun), {}, 'whisper (Number url)');
          while (flow.kind === 'next') flow = yield* this.execute('staff', flow.doc);
          bridged = flow.reason === 'end-of-document';
        }
        if (bridged) this.seconds += SIMULATED_CONVERSATION_SECONDS;
      } else {
        this.seconds += answer.outcome === 'no-answer' ? timeoutSeconds : 0;
      }
      // A staff leg that answered and hung up at the whisper still reads "completed": DialBridged tells.
      const status = answer.outcome === 'answered' ? 'completed' : answer.outcome;
      // The staff leg lasts from their answer: the whisper, then any conversation.
      const legSeconds = answer.outcome === 'answered' ? Math.round(this.seconds - answeredAt) : 0;
      params = { DialCallStatus: status, DialCallSid: dialSid, DialCallDuration: String(legSeconds), DialBridged: String(bridged) };
      await this.emit({ type: 'dial-end', status, bridged, number: answer.outcome === 'answered' ? numbers[0] : undefined });
    }
    // With an action, the verbs after the Dial never run; without one, the call goes on to them.
    if (verb.attrs.action) return this.fetchTwiml('caller', resolve(verb.attrs.action, doc.url), method(verb), params, 'Dial action');
    return undefined;
  }

  /** A message goes to the action (and the recording status callback); an empty recording goes on to the next verb. */
  private async *record(leg: Leg, doc: Loaded, verb: TwimlNode): Steps<Flow | undefined> {
    const maxLengthSeconds = intAttr(verb, 'maxLength', RECORD_DEFAULTS.maxLength);
    const timeoutSeconds = intAttr(verb, 'timeout', RECORD_DEFAULTS.timeout);
    await this.emit({ type: 'record', leg, maxLengthSeconds, beep: verb.attrs.playBeep !== 'false' });
    const action = asCallerAction(yield { kind: 'record', leg, maxLengthSeconds, timeoutSeconds });
    if (action.kind !== 'speech') {
      await this.emit({ type: 'input', leg, action, heard: true });
      if (action.kind === 'hangup') return { kind: 'end', reason: leg === 'caller' ? 'caller-hangup' : 'hangup' };
      this.seconds += timeoutSeconds;
      await this.emit({ type: 'note', leg, message: 'nothing was recorded: Twilio skips the action and goes on to the next verb' });
      return undefined;
    }
    const seconds = Math.min(maxLengthSeconds, Math.max(1, Math.round(speakingSeconds(action.transcript))));
    this.seconds += seconds + timeoutSeconds;
    const recordingSid = sid('RE');
    const recording = {
      RecordingUrl: `https://api.twilio.com/${API_VERSION}/Accounts/${this.accountSid}/Recordings/${recordingSid}`,
      RecordingSid: recordingSid,
      RecordingDuration: String(seconds),
    };
    await this.emit({ type: 'recorded', leg, seconds, transcript: action.transcript });
    const flow = await this.fetchTwiml(leg, resolve(verb.attrs.action, doc.url), method(verb), recording, 'Record action');
    // The recording is ready only after the action; then Twilio posts its status callback.
    if (verb.attrs.recordingStatusCallback) {
      await this.callback(leg, resolve(verb.attrs.recordingStatusCallback, doc.url), methodOf(verb.attrs.recordingStatusCallbackMethod), {
        ...recording,
        RecordingStatus: 'completed',
        RecordingChannels: '1',
        RecordingSource: 'RecordVerb',
        RecordingStartTime: new Date().toUTCString(),
      }, 'recording status callback');
    }
    return flow;
  }

  // ---- Requests -----------------------------------------------------------------------------

  /** The parameters Twilio sends with every request about a leg. */
  private baseParams(leg: Leg): Record<string, string> {
    if (leg === 'staff') return this.staffParams;
    return {
      CallSid: this.callSid,
      AccountSid: this.accountSid,
      From: this.setup.from,
      To: this.setup.to,
      CallStatus: 'in-progress',
      Direction: 'inbound',
      ApiVersion: API_VERSION,
    };
  }

  /**
   * Fetches TwiML. If Twilio could not use the reply, a caller's call goes to the number's fallback
   * URL (with ErrorCode and ErrorUrl); if that fails too, Twilio apologises and hangs up.
   */
  private async fetchTwiml(
    leg: Leg,
    url: string,
    httpMethod: 'GET' | 'POST',
    extra: Record<string, string>,
    purpose: string,
  ): Promise<Flow> {
    const result = await this.send({ leg, url, method: httpMethod, params: { ...this.baseParams(leg), ...extra }, expects: 'twiml' }, purpose, extra);
    if (result.twiml && !result.problems.some((p) => p.severity === 'error')) {
      if (leg === 'caller') this.document = result.twiml;
      return { kind: 'next', doc: { url, twiml: result.twiml } };
    }
    const fallback = this.setup.fallbackUrl;
    if (leg === 'caller' && fallback && url !== fallback) {
      const error = result.problems.find((p) => p.severity === 'error');
      const errorParams = { ErrorCode: String(error?.code ?? ''), ErrorUrl: url };
      await this.emit({ type: 'note', leg, message: "Twilio goes to the number's fallback URL" });
      return this.fetchTwiml(leg, fallback, 'POST', errorParams, 'fallback URL');
    }
    await this.emit({ type: 'note', leg, message: leg === 'caller'
      ? 'the caller hears Twilio\'s "We are sorry, an application error has occurred. Goodbye." and the call ends'
      : 'the staff leg fails and hangs up' });
    return { kind: 'end', reason: 'application-error' };
  }

  private async callback(leg: Leg, url: string, httpMethod: 'GET' | 'POST', extra: Record<string, string>, purpose: string): Promise<void> {
    await this.send({ leg, url, method: httpMethod, params: { ...this.baseParams(leg), ...extra }, expects: 'ack' }, purpose, extra);
  }

  private async send(hook: Webhook, purpose: string, shown: Record<string, string>): Promise<WebhookResult> {
    const result = await sendWebhook(hook, {
      authToken: this.setup.authToken,
      transport: this.transport,
      limitMs: this.setup.replyLimitMs ?? TWILIO_REPLY_LIMIT_MS,
    });
    await this.emit({ type: 'webhook', leg: hook.leg, purpose, method: hook.method, url: result.url, params: shown, status: result.status, ms: result.ms });
    for (const problem of result.problems) {
      this.problems.push(problem);
      await this.emit({ type: 'problem', leg: hook.leg, url: result.url, ...problem });
    }
    return result;
  }

  private async emit(event: PhoneEvent): Promise<void> {
    for (const listener of this.listeners) await listener(event);
  }
}

/** Twilio's parameters for what was gathered, or null if the Gather heard nothing it listens for. */
function gatherParams(verb: TwimlNode, action: CallerAction, input: string[], numDigits: number | undefined): Record<string, string> | null {
  if (action.kind === 'keys' && input.includes('dtmf')) {
    const finishOnKey = verb.attrs.finishOnKey ?? GATHER_DEFAULTS.finishOnKey;
    let digits = action.digits;
    const end = finishOnKey ? [...digits].findIndex((d) => finishOnKey.includes(d)) : -1;
    if (end >= 0) digits = digits.slice(0, end);
    if (numDigits) digits = digits.slice(0, numDigits);
    return digits ? { Digits: digits } : null;
  }
  if (action.kind === 'speech' && input.includes('speech') && action.transcript.trim()) {
    return { SpeechResult: action.transcript, Confidence: String(action.confidence ?? DEFAULT_CONFIDENCE) };
  }
  return null;
}

function ignoredInputNote(action: CallerAction, input: string[]): string {
  const listens = input.join(' and ');
  if (action.kind === 'keys') return `this Gather listens for ${listens}, not keys: the keys are ignored, as if silent`;
  return `this Gather listens for ${listens}, not speech: the words are ignored, as if silent`;
}

function asCallerAction(answer: Answer): CallerAction {
  if (!('kind' in answer)) throw new Error(`a Gather or Record needs a CallerAction, got ${JSON.stringify(answer)}`);
  return answer;
}

/** Twilio resolves a relative URL against the URL of the document it came from; none means that URL. */
function resolve(target: string | undefined, base: string): string {
  return new URL(target?.trim() || base, base).toString();
}

function method(node: TwimlNode): 'GET' | 'POST' {
  return methodOf(node.attrs.method);
}

function methodOf(value: string | undefined): 'GET' | 'POST' {
  return value?.toUpperCase() === 'GET' ? 'GET' : 'POST';
}

function intAttr(node: TwimlNode, name: string, fallback: number): number {
  const value = Number.parseInt(node.attrs[name] ?? '', 10);
  return Number.isFinite(value) ? value : fallback;
}

/** A Twilio-shaped id: two letters and 32 hex digits. */
function sid(prefix: string): string {
  return prefix + randomBytes(16).toString('hex');
}
