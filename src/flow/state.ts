import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '../content/load';
import { isTopicId, type TopicId } from '../content/topics';

/** Counts stop at this value; the flow acts at 3, so a larger number carries no meaning. */
const MAX_COUNT = 9;

/** What star repeats: the last answer, the crisis message, or the menu. */
export type LastHeard = TopicId | 'menu' | 'crisis';

/**
 * What the line remembers about a call between webhooks. It travels in the action URLs (which
 * Twilio signs, so a caller cannot alter it), never in process memory: any instance can answer
 * any turn of any call.
 */
export interface CallState {
  lang: Language;
  last: LastHeard;
  /** Topics the caller has heard in this call, in order, for the intake whisper. */
  asked: TopicId[];
  /** Silences in a row. */
  silence: number;
  /** Keys or sentences in a row that the line could not use. */
  miss: number;
}

export function initialState(lang = DEFAULT_LANGUAGE): CallState {
  return { lang, last: 'menu', asked: [], silence: 0, miss: 0 };
}

/** Characters that form encoding leaves as they are: every value a valid state holds is made of them. */
const FORM_SAFE = /^[A-Za-z0-9*._-]*$/;

export function encodeState(state: CallState): string {
  const { lang, last, silence, miss } = state;
  const asked = state.asked.join('.');
  // Written directly, since URLSearchParams costs ~2% of a webhook here; it stays for any value that
  // would need escaping, so the text is the same either way. The values are tested as one string:
  // every character of every value must be form-safe, separators or not.
  if (!FORM_SAFE.test(`${lang}${last}${asked}${silence}${miss}`)) {
    return new URLSearchParams({ lang, last, asked, silence: String(silence), miss: String(miss) }).toString();
  }
  return `lang=${lang}&last=${last}&asked=${asked}&silence=${silence}&miss=${miss}`;
}

/**
 * Never fails: a damaged or missing value falls back to the start of a call rather than to an error.
 * Checked by hand rather than with a zod schema: this runs on every webhook, where zod's parse cost
 * ~5 us and ~1.5 kB of garbage under load, and the rules are five lines (tests/flow/state.test.ts).
 */
export function decodeState(query: Record<string, unknown>): CallState {
  // Every call's first webhook carries no state: it starts where every call starts.
  if (Object.keys(query).length === 0) return initialState();
  const lang = first(query.lang);
  const last = first(query.last);
  const asked = first(query.asked);
  return {
    lang: (LANGUAGES as readonly unknown[]).includes(lang) ? (lang as Language) : DEFAULT_LANGUAGE,
    last: isTopicId(last) || last === 'menu' || last === 'crisis' ? last : 'menu',
    // Unknown ids dropped, each topic once, in the order first heard.
    asked: typeof asked === 'string' ? [...new Set(asked.split('.').filter(isTopicId))] : [],
    silence: count(first(query.silence)),
    miss: count(first(query.miss)),
  };
}

/** A value sent twice arrives as an array; the first one counts. */
function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

/** A whole number from 0, capped at MAX_COUNT; anything else (missing, "-3", "2.5", "NaN") is 0. */
function count(value: unknown): number {
  if (value === undefined) return 0;
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= 0 ? Math.min(n, MAX_COUNT) : 0;
}
