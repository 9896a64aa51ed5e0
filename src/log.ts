import { createHmac } from 'node:crypto';
import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * A caller's number and words reveal that they seek substance-use treatment (HIPAA, 42 CFR Part 2).
 * The line never logs them on purpose; these paths are the safety net if an object that holds them
 * is ever passed to the logger.
 */
export const REDACTED_PATHS = [
  'From', 'Caller', 'To', 'Called', 'SpeechResult', 'UnstableSpeechResult', 'Digits', 'RecordingUrl',
  'TranscriptionText', 'CallerName', 'FromCity', 'FromZip', 'FromState', 'CallerCity', 'CallerZip', 'CallerState',
  'body', 'query', 'req.body', 'req.query', 'req.url', 'err.body',
];

/**
 * The same fields inside any object one level down ({ params: { Digits } }): what pino's
 * '*.Digits' paths did. Done here instead, because pino runs a wildcard-first path's redactor on
 * every key of every line, parsing each path again: ~19 kB of garbage and ~10 us per webhook line.
 */
export const REDACTED_NESTED_FIELDS = ['From', 'Caller', 'To', 'SpeechResult', 'Digits', 'RecordingUrl', 'TranscriptionText'];

const CENSOR = '[redacted]';

/** Returns the line with REDACTED_NESTED_FIELDS censored, copying only what it changes. */
export function censorNestedFields(line: Record<string, unknown>): Record<string, unknown> {
  let out = line;
  for (const key of Object.keys(line)) {
    const value = line[key];
    if (value === null || typeof value !== 'object') continue;
    const found = REDACTED_NESTED_FIELDS.filter((field) => Object.hasOwn(value, field));
    if (found.length === 0) continue;
    if (out === line) out = { ...line };
    out[key] = { ...value, ...Object.fromEntries(found.map((field) => [field, CENSOR])) };
  }
  return out;
}

const MS_PER_SECOND = 1000;

/**
 * The `"time"` field of a line: what pino's stdTimeFunctions.isoTime writes, character for character.
 * pino's builds a Date and formats all of it for every line (~3-4 us of each webhook under load);
 * here the text up to the second is formatted once a second and only the milliseconds are added.
 */
export function isoTimeField(): () => string {
  let second = NaN;
  let head = '';
  return () => {
    const now = Date.now();
    const thisSecond = Math.floor(now / MS_PER_SECOND);
    if (thisSecond !== second) {
      second = thisSecond;
      // "2026-11-27T16:47:47.000Z" without its "000Z": the milliseconds are added per line.
      head = `,"time":"${new Date(thisSecond * MS_PER_SECOND).toISOString().slice(0, -'000Z'.length)}`;
    }
    return `${head}${String(now - thisSecond * MS_PER_SECOND).padStart(3, '0')}Z"`;
  };
}

export interface LoggerOptions {
  level: string;
  /** Where lines go; tests pass a memory stream. Defaults to stdout. */
  destination?: DestinationStream;
}

export function createLogger({ level, destination }: LoggerOptions): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: undefined,
    redact: { paths: REDACTED_PATHS, censor: CENSOR },
    formatters: { log: censorNestedFields },
    timestamp: isoTimeField(),
  };
  if (destination) return pino(options, destination);
  // Pretty lines only for a person at a terminal; machines get one JSON object per line.
  if (process.stdout.isTTY && process.env.NODE_ENV !== 'production') {
    try {
      require.resolve('pino-pretty');
      return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true } } });
    } catch {
      // pino-pretty is a dev dependency; without it, JSON is fine.
    }
  }
  // Written in the background: a line per webhook written synchronously was a system call inside
  // every caller's webhook. pino writes what is left on a normal exit and on an uncaught exception;
  // the lines of the last moments are lost only if the process is killed (SIGKILL, out of memory).
  return pino(options, pino.destination({ dest: 1, sync: false }));
}

/**
 * A string with no tie to the one it was copied from. The CallSid arrives as a slice of the raw
 * request body, and V8 keeps a sliced string's whole parent alive: kept as a key as it came, it kept
 * the caller's number and words in memory for as long as the entry lived.
 */
function ownCopy(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

/** Calls whose caller id is remembered at once; past this the memory starts over. */
const REMEMBERED_CALLS = 1000;

/**
 * A keyed hash of the caller's number: the same caller gets the same short id across calls, so
 * staff can correlate them, but the id cannot be turned back into the number without the key.
 *
 * Given the CallSid, the id is worked out once per call: every webhook of a call comes from the same
 * number (Twilio keeps From fixed for a CallSid, and only signed webhooks reach here), and an HMAC
 * per webhook was ~7% of the line's CPU under load. Only CallSids and ids are kept, never a number.
 */
export function makeCallerHasher(key: string): (number: string | undefined, callSid?: string) => string | undefined {
  const hash = (number: string) => createHmac('sha256', key).update(number).digest('hex').slice(0, 16);
  const byCall = new Map<string, string>();
  return (number, callSid) => {
    if (!number) return undefined;
    if (!callSid) return hash(number);
    let id = byCall.get(callSid);
    if (id === undefined) {
      id = hash(number);
      if (byCall.size >= REMEMBERED_CALLS) byCall.clear();
      byCall.set(ownCopy(callSid), id);
    }
    return id;
  };
}
