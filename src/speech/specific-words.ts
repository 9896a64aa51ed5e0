import type { Intent } from '../content/topics';
import type { LabelledWords } from './learned';

/**
 * Single words that belong to one intent: learnt at start-up from every phrase, keyword and cue in
 * the prompts file, so a caller who words a question in a way nobody wrote down is still heard by
 * the words it is made of ("are the groups big": "groups" is said about the program and nothing else).
 *
 * A word's share of an intent is how often it turns up among that intent's entries, relative to the
 * size of that intent's vocabulary (crisis has many more entries than cost), against the same for
 * every other intent. Words every intent uses ("what", "is", "do") come out shared and count for
 * nothing; no list of stop words is needed, so the same code serves every language. What callers
 * said (prompts/examples/) has the last word: one they use in every kind of line belongs to none.
 */

/** A word counts for an intent only if this share of its use is there... */
const MIN_SHARE = 0.8;
/** ...and it turns up in at least this many of that intent's entries: one entry's odd word is no pattern. */
const MIN_ENTRIES = 2;
/**
 * ...and, once callers are heard using it in this many example lines, at least this share of those
 * lines are that intent's. Hundreds of entries of danger made "these", "our" and "yo" (I) words of
 * danger alone, because no topic's entries happened to use them; two of them made "I hate these
 * automated phone systems" a crisis. For a topic: over rounds 7-67 left out in turn, a few more right
 * and no more wrong (0.5 and 0.7 alike).
 */
const MIN_EXAMPLE_LINES = 5;
const MIN_EXAMPLE_SHARE = 0.7;
/**
 * ...or, for danger, this share: callers name danger in passing in many ordinary questions ("my son
 * overdosed last year, does Cigna cover it"), so "kill", "overdose" and "muero" are said more often
 * outside danger than in it and must still count; "these", "our" and "yo" fall below it. (A review
 * found 0.7 took "kill", "die" and "suicide" from danger: "god take me now" went unheard.)
 */
const MIN_EXAMPLE_SHARE_DANGER = 0.2;
/**
 * A word of danger callers say in more than this share of all their lines is too common to be a sign
 * of danger on its own, unless nearly all of those lines are danger (MIN_EXAMPLE_SHARE): Spanish "ya"
 * (already) is in ~8% of lines and two in five of them are danger ("ya no quiero vivir"), so it passed
 * the bar above whenever no other intent's entries happened to use it, and "ya me cansé de esperar"
 * had the crisis message. Words of danger proper are rare ("kill", "overdose", "matar": about 0.5% of
 * lines each), or common and nearly always danger ("took": 1.6% of English lines, 99% of them danger).
 * Over rounds 7-91 left out in turn, a bar of 2% answered 4 more Spanish lines right and gave 6 fewer
 * crisis messages to ordinary ones, losing no crisis and none of the reviewer's danger probes (1% and
 * 3% did the same).
 */
const MAX_DANGER_WORD_LINES = 0.02;
/** ...and only for a word heard in more lines than this: in a handful of lines, any word is in a large share of them. */
const MIN_COMMON_LINES = 50;

export interface SpecificWords {
  /** The intent this word belongs to, or undefined when it is shared or unknown. */
  ownerOf(word: string): Intent | undefined;
}

/**
 * `entries`: each intent's phrases, keywords and cues, already normalized to words; `said`: what
 * callers said (prompts/examples/), normalized, by the intent each line meant.
 */
export function learnSpecificWords(entries: ReadonlyMap<Intent, readonly (readonly string[])[]>, said: readonly LabelledWords[] = []): SpecificWords {
  return specificWordsFrom(learnWordOwners(entries, said));
}

/** The words learnSpecificWords finds, each with the intent it belongs to: what `npm run build` saves (src/speech/prebuilt.ts). */
export function learnWordOwners(entries: ReadonlyMap<Intent, readonly (readonly string[])[]>, said: readonly LabelledWords[] = []): Map<string, Intent> {
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
  // The words the entries alone would give an intent...
  const candidates = new Map<string, Intent>();
  for (const [word, byIntent] of counts) {
    let total = 0;
    const rates = [...byIntent].map(([intent, n]) => {
      const rate = n / Math.max(1, entries.get(intent)?.length ?? 1);
      total += rate;
      return { intent, n, rate };
    });
    const top = rates.reduce((a, b) => (b.rate > a.rate ? b : a));
    if (top.n >= MIN_ENTRIES && top.rate / total >= MIN_SHARE) candidates.set(word, top.intent);
  }
  // ...then, for those only (a few hundred words, so start-up holds no count for every word callers
  // said), in how many lines callers said each, and in how many of those it meant that intent.
  const heard = new Map<string, { all: number; meant: number }>();
  for (const { intent, words } of said) {
    for (const word of new Set(words)) {
      const owner = candidates.get(word);
      if (owner === undefined) continue;
      const seen = heard.get(word) ?? { all: 0, meant: 0 };
      seen.all++;
      if (intent === owner) seen.meant++;
      heard.set(word, seen);
    }
  }
  const owners = new Map<string, Intent>();
  const commonLines = Math.max(MIN_COMMON_LINES, MAX_DANGER_WORD_LINES * said.length);
  for (const [word, intent] of candidates) {
    const seen = heard.get(word);
    if (seen !== undefined) {
      const share = seen.meant / seen.all;
      const danger = intent === 'crisis';
      const everyday = seen.all >= MIN_EXAMPLE_LINES && share < (danger ? MIN_EXAMPLE_SHARE_DANGER : MIN_EXAMPLE_SHARE);
      const common = danger && seen.all > commonLines && share < MIN_EXAMPLE_SHARE;
      if (everyday || common) continue;
    }
    owners.set(word, intent);
  }
  return owners;
}

export function specificWordsFrom(owners: ReadonlyMap<string, Intent>): SpecificWords {
  return { ownerOf: (word) => owners.get(word) };
}
