import type { Intent } from '../content/topics';

/**
 * A second opinion learnt from examples of what callers said (prompts/examples/): a naive Bayes
 * model over the normalized words, word pairs and four-letter runs of a sentence. The rules in
 * matcher.ts decide; this model only lets them answer a sentence they could not place, doubt an
 * answer it strongly disagrees with, and hear danger worded in a way no rule lists.
 *
 * Naive Bayes rather than a heavier model: it learns from a few thousand lines in milliseconds at
 * start-up, needs no training step or model file that could drift from prompts/, and its evidence
 * adds up per feature, so one new example line moves it at once. Letter runs let it recognise a
 * word the recognizer broke up or misspelt ("curric you lum") by the pieces it shares with the word.
 */

/** A guess: the intent most likely meant (null: not for the line), its posterior probability, and any other's. */
export interface Guess {
  intent: Intent | null;
  probability: number;
  probabilityOf(intent: Intent | null): number;
}

export interface LearnedModel {
  /** undefined when the model has nothing to go on: no examples, or no feature of the sentence seen before. */
  guess(words: readonly string[]): Guess | undefined;
}

export interface LabelledWords {
  intent: Intent | null;
  words: readonly string[];
}

/** Laplace smoothing: small, because most features are rare and a rare feature still says a lot. */
const SMOOTHING = 0.1;
/** Letters per run. */
const RUN_LETTERS = 4;
/** The "not for the line" class, among the intents. */
const NONE = '';
/** Distinct letters a run is made of: a-z, 0-9, the space, and one for anything else. */
const RUN_ALPHABET = 38;
const RUN_CODES = RUN_ALPHABET ** RUN_LETTERS;
/** Words the model numbers; a pair of word numbers is one small integer key below 2^30. */
const MAX_WORDS = 2 ** 15;

/**
 * The features of a sentence, as numbers: each word, each adjacent pair of words, each run of four
 * letters across the words (spaces included, so a run at a word's edge is its own). Numbers rather
 * than strings: tens of thousands of string keys cost megabytes of memory and a string for every
 * run of every sentence heard.
 */
class FeatureSpace {
  private readonly wordIds = new Map<string, number>();
  private readonly byWord = new Map<number, number>();
  private readonly byPair = new Map<number, number>();
  private readonly byRun = new Map<number, number>();
  size = 0;
  /** For guessing, allocation-free: which features the current sentence has already given. */
  private seen = new Uint32Array(0);
  private sentence = 0;
  private readonly found: number[] = [];

  /** While learning: numbers the sentence's features not seen before (counting is known()'s). */
  learn(words: readonly string[]): void {
    this.visit(words, true, () => {});
  }

  /** After learning: the sentence's distinct features the model knows (the array is reused by the next call). */
  known(words: readonly string[]): readonly number[] {
    if (this.seen.length < this.size) this.seen = new Uint32Array(this.size);
    // A new mark per sentence; after 2^32 sentences the marks start over.
    this.sentence = (this.sentence + 1) >>> 0 || (this.seen.fill(0), 1);
    this.found.length = 0;
    this.visit(words, false, (f) => {
      if (this.seen[f] === this.sentence) return;
      this.seen[f] = this.sentence;
      this.found.push(f);
    });
    return this.found;
  }

  private visit(words: readonly string[], learning: boolean, emit: (feature: number) => void): void {
    const add = (table: Map<number, number>, key: number) => {
      let f = table.get(key);
      if (f === undefined && learning) {
        f = this.size++;
        table.set(key, f);
      }
      if (f !== undefined) emit(f);
    };
    let previous: number | undefined;
    for (const word of words) {
      let id = this.wordIds.get(word);
      if (id === undefined && learning && this.wordIds.size < MAX_WORDS) {
        id = this.wordIds.size;
        this.wordIds.set(word, id);
      }
      if (id !== undefined) add(this.byWord, id);
      if (id !== undefined && previous !== undefined) add(this.byPair, previous * MAX_WORDS + id);
      previous = id;
    }
    // Runs over " word word ", read letter by letter without building that string.
    let code = 0;
    let letters = 0;
    const step = (char: number) => {
      code = (code * RUN_ALPHABET + letterCode(char)) % RUN_CODES;
      if (++letters >= RUN_LETTERS) add(this.byRun, code);
    };
    step(SPACE);
    for (const word of words) {
      for (let i = 0; i < word.length; i++) step(word.charCodeAt(i));
      step(SPACE);
    }
  }
}

const SPACE = 32;

function letterCode(char: number): number {
  if (char >= 97 && char <= 122) return char - 97; // a-z
  if (char >= 48 && char <= 57) return 26 + char - 48; // 0-9
  return char === 32 ? 36 : 37;
}

export function learnModel(examples: readonly LabelledWords[]): LearnedModel {
  const classes = [...new Set(examples.map((e) => e.intent ?? NONE))];
  if (classes.length < 2) return { guess: () => undefined };
  const classIndex = new Map(classes.map((c, i) => [c, i]));

  // Two passes, so that no example's features outlive it (holding them all grew the heap, and the
  // process's memory, by megabytes at start-up): the first numbers the features, the second counts
  // them into one flat table (features × classes). Counts, not log-likelihoods, are kept: two bytes
  // a cell instead of four, and log(count + smoothing) is looked up.
  const n = classes.length;
  const space = new FeatureSpace();
  for (const { words } of examples) space.learn(words);
  const vocabulary = space.size;
  const counts = new Uint16Array(vocabulary * n);
  const totals = new Float64Array(n);
  let most = 0;
  for (const { intent, words } of examples) {
    const c = classIndex.get(intent ?? NONE)!;
    const features = space.known(words);
    for (const f of features) most = Math.max(most, ++counts[f * n + c]!);
    totals[c]! += features.length;
  }
  const logCount = Float64Array.from({ length: most + 1 }, (_, k) => Math.log(k + SMOOTHING));
  const logTotal = Float64Array.from(totals, (t) => Math.log(t + SMOOTHING * vocabulary));
  const intents = classes.map((c) => (c === NONE ? null : (c as Intent)));
  const scores = new Float64Array(n);

  return {
    guess(words) {
      // Equal priors: how many examples an intent has says how much staff wrote, not how often callers ask.
      scores.fill(0);
      const features = space.known(words);
      if (features.length === 0) return undefined;
      // Each feature adds log((count + smoothing) / (total + smoothing × vocabulary)) for each intent.
      for (const f of features) for (let c = 0; c < n; c++) scores[c]! += logCount[counts[f * n + c]!]!;
      for (let c = 0; c < n; c++) scores[c]! -= features.length * logTotal[c]!;
      let best = 0;
      for (let c = 1; c < n; c++) if (scores[c]! > scores[best]!) best = c;
      const posterior = Array.from(scores, (s) => Math.exp(s - scores[best]!));
      const sum = posterior.reduce((a, b) => a + b, 0);
      return {
        intent: intents[best]!,
        probability: 1 / sum,
        probabilityOf: (intent) => {
          const c = classIndex.get(intent ?? NONE);
          return c === undefined ? 0 : posterior[c]! / sum;
        },
      };
    },
  };
}
