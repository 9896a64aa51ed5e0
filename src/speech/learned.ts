import type { Intent } from '../content/topics';

/**
 * A second opinion learnt from examples of what callers said (prompts/examples/): a naive Bayes
 * model over the normalized words, word pairs and four-letter runs of a sentence. The rules in
 * matcher.ts decide; this model only lets them answer a sentence they could not place, doubt an
 * answer it strongly disagrees with (and answer in their place when all but certain), and hear
 * danger worded in a way no rule lists.
 *
 * Naive Bayes rather than a heavier model: it learns from tens of thousands of lines in about half a
 * second (at `npm run build`, or at start-up when the prompts changed since: src/speech/prebuilt.ts),
 * needs no training pipeline of its own, and its evidence adds up per feature, so one new example
 * line moves it at once. Letter runs let it recognise a word the recognizer broke up or misspelt
 * ("curric you lum") by the pieces it shares with the word.
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
/**
 * What a run weighs against a word or a pair. A word of n letters gives n - 1 runs (its edges
 * included) that rise and fall together, so at full weight a long word outvoted every short one
 * beside it: "are people tested at the intensive outpatient" was what IOP is, "can you tell me what
 * the rate is" the menu. Over rounds 7-65 left out in turn, half weight answered as many right and
 * gave 8 fewer wrong answers of 22,260; a quarter answered 0.15% fewer right and lost two crises.
 * With runs also weighed by how well they tell intents apart (below), 0.4: over rounds 7-109 left
 * out in turn, 1 fewer English line right and 6 fewer wrong of 21,946, 5 fewer Spanish right and 6
 * fewer wrong of 18,393, every crisis caught; 0.35 lost 8 more right for no fewer wrong.
 */
const RUN_WEIGHT = 0.4;
/**
 * ...times how much the run tells the intents apart, to this power: 1 for a run heard under one
 * intent, 0 for one heard as often under each (by its share of each intent's features). The runs of
 * the words every question is made of (" how", "ofte", "hour", "week") are heard under many intents,
 * and dozens of them, rising and falling together, outvoted the few words that decide: "how often do
 * I need to show up for group" was drug testing to the model, "I'm trying to figure out how many
 * hours a week of therapy it is all together" how long. Words and pairs are few and are not scaled.
 * Over rounds 7-107 left out in turn, with the tune split left out of learning (and the bar for
 * danger over an answer moved to match, matcher.ts): 1 fewer English line right and 7 fewer wrong of
 * 21,422, 1 fewer Spanish right and 4 fewer wrong of 18,176, every crisis still caught; the first
 * session's tune lines 2 more right and 1 fewer wrong in English, 1 and 1 in Spanish. At 0.5, fewer
 * wrong still (12 and 10) but a Spanish crisis lost; scaling words and pairs too, or at 1, lost
 * hundreds of lines the model had answered at the bars set for it.
 */
const RUN_SHARPNESS_POWER = 0.25;
/** The "not for the line" class, among the intents. */
const NONE = '';
/** Distinct letters a run is made of: a-z, 0-9, the space, and one for anything else. */
const RUN_ALPHABET = 38;
const RUN_CODES = RUN_ALPHABET ** RUN_LETTERS;
/** Words the model numbers; a pair of word numbers is one small integer key below 2^30. */
const MAX_WORDS = 2 ** 15;
/** Where each kind of feature's keys start: words below 2^15, pairs below 2^15 + 2^30, runs from 2^31. All fit in 32 bits. */
const WORD_KEYS = 0;
const PAIR_KEYS = MAX_WORDS;
const RUN_KEYS = 2 ** 31;

/**
 * The features of a sentence, as numbers: each word, each adjacent pair of words, each run of four
 * letters across the words (spaces included, so a run at a word's edge is its own). Numbers rather
 * than strings: tens of thousands of string keys cost megabytes of memory and a string for every
 * run of every sentence heard.
 */
class FeatureSpace {
  private readonly wordIds: Map<string, number>;
  private readonly features: FeatureTable;
  size: number;

  /** A new space, or one saved by saved() and read back. */
  constructor(saved?: { words: readonly string[]; keys: Uint32Array; values: Int32Array; size: number }) {
    this.wordIds = new Map(saved?.words.map((word, id) => [word, id]));
    this.features = new FeatureTable(saved);
    this.size = saved?.size ?? 0;
  }

  /** What it has numbered, as plain data. */
  saved(): { words: string[]; keys: Uint32Array; values: Int32Array; size: number } {
    return { words: [...this.wordIds.keys()], ...this.features.saved(), size: this.size };
  }
  /** While learning, features not seen before are numbered; after it, only known ones are found. */
  private learning = false;
  /** For guessing, allocation-free: which features the current sentence has already given. */
  private seen = new Uint32Array(0);
  private sentence = 0;
  /** The current sentence's distinct known features are found[0 .. count): reused, never truncated, so it is not reallocated. */
  readonly found: number[] = [];
  private count = 0;

  /** While learning: numbers the sentence's features not seen before (counting is known()'s). */
  learn(words: readonly string[]): void {
    this.learning = true;
    this.visit(words);
    this.learning = false;
  }

  /** After learning: how many distinct features of the sentence the model knows; they are found[0 .. that). */
  known(words: readonly string[]): number {
    if (this.seen.length < this.size) this.seen = new Uint32Array(this.size);
    // A new mark per sentence; after 2^32 sentences the marks start over.
    this.sentence = (this.sentence + 1) >>> 0 || (this.seen.fill(0), 1);
    this.count = 0;
    this.visit(words);
    return this.count;
  }

  private visit(words: readonly string[]): void {
    let previous = -1;
    for (const word of words) {
      let id = this.wordIds.get(word);
      if (id === undefined && this.learning && this.wordIds.size < MAX_WORDS) {
        id = this.wordIds.size;
        this.wordIds.set(word, id);
      }
      if (id === undefined) {
        previous = -1;
        continue;
      }
      this.feature(WORD_KEYS + id);
      if (previous >= 0) this.feature(PAIR_KEYS + previous * MAX_WORDS + id);
      previous = id;
    }
    // Runs over " word word ", read letter by letter without building that string.
    let code = letterCode(SPACE);
    let letters = 1;
    for (const word of words) {
      for (let i = 0; i <= word.length; i++) {
        code = (code * RUN_ALPHABET + letterCode(i < word.length ? word.charCodeAt(i) : SPACE)) % RUN_CODES;
        if (++letters >= RUN_LETTERS) this.feature(RUN_KEYS + code);
      }
    }
  }

  private feature(key: number): void {
    const f = this.features.get(key);
    if (this.learning) {
      if (f < 0) {
        if (key >= RUN_KEYS) this.runs.push(this.size);
        this.features.set(key, this.size++);
      }
      return;
    }
    if (f < 0 || this.seen[f] === this.sentence) return;
    this.seen[f] = this.sentence;
    this.found[this.count++] = f;
  }

  /** While learning, the numbers of the features that are runs; runFlags() turns them into one byte a feature. */
  private runs: number[] = [];

  /** 1 for each feature that is a run, once learning is done: a byte, not a weight, a feature. */
  runFlags(): Uint8Array {
    const flags = new Uint8Array(this.size);
    for (const f of this.runs) flags[f] = 1;
    this.runs = [];
    return flags;
  }
}

/**
 * Feature numbers by key: open addressing over two typed arrays. A Map did the same, but its
 * lookups were a third of a guess's time, and ~35,000 entries in two languages cost more memory.
 */
class FeatureTable {
  private bits: number;
  private keys: Uint32Array;
  private values: Int32Array;
  private count: number;

  constructor(saved?: { keys: Uint32Array; values: Int32Array }) {
    this.keys = saved?.keys ?? new Uint32Array(2 ** 10).fill(EMPTY);
    this.values = saved?.values ?? new Int32Array(this.keys.length);
    this.bits = Math.log2(this.keys.length);
    // Counted, not saved: a table read back is only looked up, but it stays a whole table.
    this.count = saved ? this.keys.reduce((n, key) => n + (key === EMPTY ? 0 : 1), 0) : 0;
  }

  saved(): { keys: Uint32Array; values: Int32Array } {
    return { keys: this.keys, values: this.values };
  }

  /** The feature number for `key`, or -1. */
  get(key: number): number {
    const mask = this.keys.length - 1;
    for (let i = slot(key, this.bits); ; i = (i + 1) & mask) {
      const k = this.keys[i]!;
      if (k === key) return this.values[i]!;
      if (k === EMPTY) return -1;
    }
  }

  set(key: number, value: number): void {
    // Kept under half full, so that a missing key (most of a sentence's runs) is found out in a probe or two.
    if (2 * (this.count + 1) > this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    let i = slot(key, this.bits);
    while (this.keys[i] !== EMPTY && this.keys[i] !== key) i = (i + 1) & mask;
    if (this.keys[i] === EMPTY) this.count++;
    this.keys[i] = key;
    this.values[i] = value;
  }

  private grow(): void {
    const { keys, values } = this;
    this.bits++;
    this.keys = new Uint32Array(2 ** this.bits).fill(EMPTY);
    this.values = new Int32Array(2 ** this.bits);
    this.count = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== EMPTY) this.set(keys[i]!, values[i]!);
  }
}

/** No key is this large (the largest is 2^31 + 38^4). */
const EMPTY = 0xffffffff;

/** Fibonacci hashing: the top `bits` bits of the key times 2^32 / φ (its low bits would group pairs by their second word). */
function slot(key: number, bits: number): number {
  return Math.imul(key | 0, 0x9e3779b1) >>> (32 - bits);
}

const SPACE = 32;

function letterCode(char: number): number {
  if (char >= 97 && char <= 122) return char - 97; // a-z
  if (char >= 48 && char <= 57) return 26 + char - 48; // 0-9
  return char === 32 ? 36 : 37;
}

/**
 * What a model learnt, as plain data (typed arrays, strings): `npm run build` saves it
 * (src/speech/prebuilt.ts) so that start-up reads it back instead of learning again.
 */
export interface ModelData {
  /** The intents, '' for "not for the line". */
  classes: string[];
  /** The features: words by number, the feature table, how many there are, and what each weighs. */
  words: string[];
  keys: Uint32Array;
  values: Int32Array;
  size: number;
  /** What each feature weighs (featureWeights). */
  weight: Float32Array;
  /** Feature f's gains over an unseen feature are cells rowStart[f] .. rowStart[f + 1]: an intent and a gain each. */
  rowStart: Uint32Array;
  cellIntent: Uint8Array;
  cellGain: Float32Array;
  /** Per intent: log(features counted + smoothing × features). */
  logTotal: Float64Array;
}

export function learnModel(examples: readonly LabelledWords[]): LearnedModel {
  return modelFrom(learnModelData(examples));
}

/** undefined when there is nothing to learn from: examples of fewer than two intents. */
export function learnModelData(examples: readonly LabelledWords[]): ModelData | undefined {
  const classes = [...new Set(examples.map((e) => e.intent ?? NONE))];
  if (classes.length < 2) return undefined;
  const classIndex = new Map(classes.map((c, i) => [c, i]));

  // Two passes, so that no example's features outlive it (holding them all grew the heap, and the
  // process's memory, by megabytes at start-up): the first numbers the features, the second counts
  // them into one flat table (features × classes), used only while learning.
  const n = classes.length;
  const space = new FeatureSpace();
  for (const { words } of examples) space.learn(words);
  const vocabulary = space.size;
  const isRun = space.runFlags();
  const counts = new Uint32Array(vocabulary * n);
  const totals = new Float64Array(n);
  for (const { intent, words } of examples) {
    const c = classIndex.get(intent ?? NONE)!;
    const known = space.known(words);
    for (let i = 0; i < known; i++) counts[space.found[i]! * n + c]!++;
    totals[c]! += known;
  }
  const weight = featureWeights(isRun, counts, totals, n);
  // Each feature adds its weight × log((count + smoothing) / (total + smoothing × vocabulary)) for each intent.
  // Most counts are 0 (a feature is heard under one intent or two), so a guess starts every intent
  // at log(smoothing) a feature and adds, from a list by feature, only what the others gain over it:
  // a tenth of the work and of the memory of the full table.
  const cells = counts.reduce((sum, count) => sum + (count > 0 ? 1 : 0), 0);
  const rowStart = new Uint32Array(vocabulary + 1);
  const cellIntent = new Uint8Array(cells);
  const cellGain = new Float32Array(cells);
  for (let f = 0, k = 0; f < vocabulary; f++) {
    rowStart[f] = k;
    // Weighed once here rather than on every guess.
    for (let c = 0; c < n; c++) {
      const count = counts[f * n + c]!;
      if (count === 0) continue;
      cellIntent[k] = c;
      cellGain[k++] = weight[f]! * (Math.log(count + SMOOTHING) - EMPTY_LOG);
    }
    rowStart[f + 1] = k;
  }
  const logTotal = Float64Array.from(totals, (t) => Math.log(t + SMOOTHING * vocabulary));
  return { classes, ...space.saved(), weight, rowStart, cellIntent, cellGain, logTotal };
}

/**
 * What each feature weighs: a word or a pair of words 1, a letter run RUN_WEIGHT times its sharpness
 * to RUN_SHARPNESS_POWER. Sharpness is 1 minus the entropy, over the intents, of the feature's share
 * of each intent's features (so an intent with many examples does not look more likely), as a share
 * of the most there can be.
 */
function featureWeights(isRun: Uint8Array, counts: Uint32Array, totals: Float64Array, n: number): Float32Array {
  const weight = new Float32Array(isRun.length);
  const share = new Float64Array(n);
  const most = Math.log(n);
  for (let f = 0; f < isRun.length; f++) {
    if (!isRun[f]) {
      weight[f] = 1;
      continue;
    }
    let sum = 0;
    for (let c = 0; c < n; c++) sum += share[c] = (counts[f * n + c]! + SMOOTHING) / (totals[c]! + SMOOTHING);
    let entropy = 0;
    for (let c = 0; c < n; c++) entropy -= (share[c]! / sum) * Math.log(share[c]! / sum);
    weight[f] = RUN_WEIGHT * Math.max(0, 1 - entropy / most) ** RUN_SHARPNESS_POWER;
  }
  return weight;
}

/** A feature no intent was heard with: log(smoothing), before the intent's total is taken off. */
const EMPTY_LOG = Math.log(SMOOTHING);

/** The model that guesses from learnt data (nothing to go on without any). */
export function modelFrom(data: ModelData | undefined): LearnedModel {
  if (!data) return { guess: () => undefined };
  const { classes, weight: featureWeight, rowStart, cellIntent, cellGain, logTotal } = data;
  const space = new FeatureSpace(data);
  const n = classes.length;
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const intents = classes.map((c) => (c === NONE ? null : (c as Intent)));
  const scores = new Float64Array(n);

  return {
    guess(words) {
      // Equal priors: how many examples an intent has says how much staff wrote, not how often callers ask.
      scores.fill(0);
      const known = space.known(words);
      if (known === 0) return undefined;
      let weight = 0;
      for (let i = 0; i < known; i++) {
        const f = space.found[i]!;
        weight += featureWeight[f]!;
        for (let k = rowStart[f]!; k < rowStart[f + 1]!; k++) scores[cellIntent[k]!]! += cellGain[k]!;
      }
      for (let c = 0; c < n; c++) scores[c]! += weight * (EMPTY_LOG - logTotal[c]!);
      let best = 0;
      for (let c = 1; c < n; c++) if (scores[c]! > scores[best]!) best = c;
      // A plain array filled by a loop: Array.from(scores, ...) went through the iterator protocol,
      // and a new Float64Array costs a backing store; either was a third of a guess.
      const posterior: number[] = [];
      let sum = 0;
      for (let c = 0; c < n; c++) {
        const odds = Math.exp(scores[c]! - scores[best]!);
        posterior.push(odds);
        sum += odds;
      }
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
