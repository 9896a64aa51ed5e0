import { z } from 'zod';
import { DEFAULT_LANGUAGE, LANGUAGES } from '../content/load';
import { TOPIC_IDS, type TopicId } from '../content/topics';

/** Counts stop at this value; the flow acts at 3, so a larger number carries no meaning. */
const MAX_COUNT = 9;

const count = z.coerce.number().int().min(0).catch(0).transform((n) => Math.min(n, MAX_COUNT));

/**
 * What the line remembers about a call between webhooks. It travels in the action URLs (which
 * Twilio signs, so a caller cannot alter it), never in process memory: any instance can answer
 * any turn of any call.
 */
export const callStateSchema = z.object({
  lang: z.enum(LANGUAGES).catch(DEFAULT_LANGUAGE),
  /** What star repeats: the last answer, the crisis message, or the menu. */
  last: z.enum([...TOPIC_IDS, 'menu', 'crisis']).catch('menu'),
  /** Topics the caller has heard in this call, in order, for the intake whisper. */
  asked: z
    .string()
    .catch('')
    .transform((s) => s.split('.').filter((id): id is TopicId => (TOPIC_IDS as readonly string[]).includes(id)))
    .transform((ids) => [...new Set(ids)]),
  /** Silences in a row. */
  silence: count,
  /** Keys or sentences in a row that the line could not use. */
  miss: count,
});

export type CallState = z.output<typeof callStateSchema>;

export function initialState(lang = DEFAULT_LANGUAGE): CallState {
  return { lang, last: 'menu', asked: [], silence: 0, miss: 0 };
}

/** Characters that form encoding leaves as they are: every value a valid state holds is made of them. */
const FORM_SAFE = /^[A-Za-z0-9*._-]*$/;

export function encodeState(state: CallState): string {
  const fields = {
    lang: state.lang,
    last: state.last,
    asked: state.asked.join('.'),
    silence: String(state.silence),
    miss: String(state.miss),
  };
  // Two links a reply: written directly, since URLSearchParams costs ~2% of a webhook here; it
  // stays for any value that would need escaping, so the text is the same either way.
  const values = Object.values(fields);
  if (!values.every((v) => FORM_SAFE.test(v))) return new URLSearchParams(fields).toString();
  return `lang=${fields.lang}&last=${fields.last}&asked=${fields.asked}&silence=${fields.silence}&miss=${fields.miss}`;
}

/** Never fails: a damaged or missing value falls back to the start of a call rather than to an error. */
export function decodeState(query: Record<string, unknown>): CallState {
  // Every call's first webhook carries no state: it starts where every call starts.
  if (Object.keys(query).length === 0) return initialState();
  const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
  // Defaults for missing values are given here, not left to .catch(): a failed check builds an
  // error, and every call's first webhook, which has no state, would pay for five of them.
  const start = initialState();
  return callStateSchema.parse({
    lang: first(query.lang) ?? start.lang,
    last: first(query.last) ?? start.last,
    asked: first(query.asked) ?? '',
    silence: first(query.silence) ?? 0,
    miss: first(query.miss) ?? 0,
  });
}
