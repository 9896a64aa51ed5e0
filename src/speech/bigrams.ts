/**
 * Dice's coefficient over letter pairs (bigrams), whitespace ignored: the score string-similarity's
 * compareTwoStrings gives. Scoring a transcript against every prompt phrase from scratch, on every
 * turn, was most of the cost of a speech turn; here the phrases are indexed once, when the matcher is
 * built, by the letter pairs they contain, so a turn only looks up the transcript's own pairs.
 */
export interface PhraseIndex {
  /** Dice similarity (0..1) of `text` to each indexed phrase, in the order the phrases were given. */
  similarities(text: string): Float64Array;
}

const WHITESPACE = /\s+/g;

/** A letter pair as one number: two UTF-16 code units. */
function pairKey(text: string, i: number): number {
  return text.charCodeAt(i) * 0x10000 + text.charCodeAt(i + 1);
}

/** Each distinct letter pair of the text (spaces removed), and how many times it occurs. */
function pairCounts(squeezed: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (let i = 0; i < squeezed.length - 1; i++) {
    const key = pairKey(squeezed, i);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export function buildPhraseIndex(phrases: readonly string[]): PhraseIndex {
  const squeezed = phrases.map((p) => p.replace(WHITESPACE, ''));
  /** For each letter pair: the phrases that hold it, as [phrase, count, phrase, count, ...]. */
  const postings = new Map<number, number[]>();
  squeezed.forEach((phrase, index) => {
    for (const [key, count] of pairCounts(phrase)) {
      let list = postings.get(key);
      if (!list) postings.set(key, (list = []));
      list.push(index, count);
    }
  });

  return {
    similarities(text) {
      const heard = text.replace(WHITESPACE, '');
      // Shared pair counts first, then turned into scores in place: one array per turn.
      const scores = new Float64Array(squeezed.length);
      pairCounts(heard).forEach((count, key) => {
        const list = postings.get(key);
        if (!list) return;
        for (let i = 0; i < list.length; i += 2) scores[list[i]!]! += Math.min(count, list[i + 1]!);
      });
      for (let i = 0; i < scores.length; i++) scores[i] = dice(heard, squeezed[i]!, scores[i]!);
      return scores;
    },
  };
}

/** 1 for the same text, 0 when either has fewer than two letters, else 2 × shared pairs / all pairs. */
function dice(a: string, b: string, shared: number): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  return (2 * shared) / (a.length + b.length - 2);
}
