import type { Intent } from '../content/topics';

/**
 * Single words that belong to one intent: learnt at start-up from every phrase, keyword and cue in
 * the prompts file, so a caller who words a question in a way nobody wrote down is still heard by
 * the words it is made of ("are the groups big": "groups" is said about the program and nothing else).
 *
 * A word's share of an intent is how often it turns up among that intent's entries, relative to the
 * size of that intent's vocabulary (crisis has many more entries than cost), against the same for
 * every other intent. Words every intent uses ("what", "is", "do") come out shared and count for
 * nothing; no list of stop words is needed, so the same code serves every language.
 */

/** A word counts for an intent only if this share of its use is there... */
const MIN_SHARE = 0.8;
/** ...and it turns up in at least this many of that intent's entries: one entry's odd word is no pattern. */
const MIN_ENTRIES = 2;

export interface SpecificWords {
  /** The intent this word belongs to, or undefined when it is shared or unknown. */
  ownerOf(word: string): Intent | undefined;
}

/** `entries`: each intent's phrases, keywords and cues, already normalized to words. */
export function learnSpecificWords(entries: ReadonlyMap<Intent, readonly (readonly string[])[]>): SpecificWords {
  const counts = new Map<string, Map<Intent, number>>();
  for (const [intent, list] of entries) {
    for (const words of list) {
      for (const word of new Set(words)) {
        const byIntent = counts.get(word) ?? new Map<Intent, number>();
        byIntent.set(intent, (byIntent.get(intent) ?? 0) + 1);
        counts.set(word, byIntent);
      }
    }
  }
  const owners = new Map<string, Intent>();
  for (const [word, byIntent] of counts) {
    let total = 0;
    const rates = [...byIntent].map(([intent, n]) => {
      const rate = n / Math.max(1, entries.get(intent)?.length ?? 1);
      total += rate;
      return { intent, n, rate };
    });
    const top = rates.reduce((a, b) => (b.rate > a.rate ? b : a));
    if (top.n >= MIN_ENTRIES && top.rate / total >= MIN_SHARE) owners.set(word, top.intent);
  }
  return { ownerOf: (word) => owners.get(word) };
}
