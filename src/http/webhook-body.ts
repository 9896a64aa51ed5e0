import type { CallerInput, DialResult } from '../flow/call';

/** Longest transcript the line reads; Twilio's own are far shorter, so more is noise or an attack. */
const MAX_SPEECH_CHARS = 1000;

/**
 * The Twilio parameters the line uses, with the most characters each may hold. Others are allowed
 * and ignored. A field that arrives twice (an array) or not as text fails here with a 400 rather
 * than deeper in the flow. (Checked by hand, not with zod: this runs on every webhook, where a zod
 * parse cost ~3 us and ~2 kB of garbage under load; tests/http/webhook-body.test.ts pins the rules.)
 */
interface Rule {
  required?: true;
  min?: number;
  max?: number;
}

const FIELDS = {
  CallSid: { required: true, min: 1, max: 64 },
  From: { max: 64 },
  Digits: { max: 64 },
  // Read only up to MAX_SPEECH_CHARS; the body limit bounds the rest.
  SpeechResult: {},
  Confidence: { max: 32 },
  DialCallStatus: { max: 32 },
  DialBridged: { max: 8 },
} satisfies Record<string, Rule>;

type Field = keyof typeof FIELDS;
export type WebhookBody = { CallSid: string } & { [K in Exclude<Field, 'CallSid'>]?: string };

const FIELD_NAMES = Object.keys(FIELDS) as Field[];

/** The fields the line uses, or undefined if the body is not a Twilio voice webhook. */
export function parseWebhookBody(body: unknown): WebhookBody | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const fields = body as Record<string, unknown>;
  const out: Partial<Record<Field, string>> = {};
  for (const name of FIELD_NAMES) {
    const value = fields[name];
    const rule: Rule = FIELDS[name];
    if (value === undefined) {
      if (rule.required) return undefined;
      continue;
    }
    if (typeof value !== 'string' || value.length < (rule.min ?? 0) || tooLong(value, rule.max)) return undefined;
    out[name] = value;
  }
  return out as WebhookBody;
}

/**
 * Lengths count characters (code points), not UTF-16 units: an emoji is one, as in zod, which held
 * these rules before. A string is counted only when its units exceed the limit.
 */
function tooLong(text: string, max = Infinity): boolean {
  if (text.length <= max) return false;
  let characters = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const pair = (text.charCodeAt(i) & 0xfc00) === 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    if (pair) {
      characters -= 1;
      i += 1;
    }
  }
  return characters > max;
}

/** What the caller did at a Gather: keys win over speech; neither is silence. */
export function callerInput(body: WebhookBody): CallerInput {
  if (body.Digits !== undefined) return { kind: 'keys', digits: body.Digits };
  const transcript = body.SpeechResult?.slice(0, MAX_SPEECH_CHARS).trim();
  if (transcript) return { kind: 'speech', transcript, confidence: confidence(body.Confidence) };
  return { kind: 'silence' };
}

/** The DialCallStatus values Twilio sends; any other text is not passed on (it ends up in the log). */
const DIAL_STATUSES: readonly string[] = ['completed', 'answered', 'busy', 'no-answer', 'failed', 'canceled'];

export function dialResult(body: WebhookBody): DialResult {
  const bridged = body.DialBridged === 'true' ? true : body.DialBridged === 'false' ? false : undefined;
  const status = body.DialCallStatus === undefined ? 'failed' : DIAL_STATUSES.includes(body.DialCallStatus) ? body.DialCallStatus : 'unknown';
  return { status, bridged };
}

/** Twilio's 0..1 score; anything else (NaN, "high", -3) means "unknown", not an error. */
function confidence(raw: string | undefined): number | undefined {
  const value = raw === undefined ? NaN : Number(raw);
  return Number.isFinite(value) && value >= 0 && value <= 1 ? value : undefined;
}
