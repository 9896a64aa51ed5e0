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

/** Every distinct feature of a sentence: each word, each adjacent pair, each run of letters across the words. */
export function featuresOf(words: readonly string[]): Set<string> {
  const features = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    features.add(words[i]!);
    if (i + 1 < words.length) features.add(`${words[i]}+${words[i + 1]}`);
  }
  // Spaces kept, so a run at a word's edge ("_rel") is its own feature; '#' keeps runs apart from words.
  const text = ` ${words.join(' ')} `;
  for (let i = 0; i + RUN_LETTERS <= text.length; i++) features.add(`#${text.slice(i, i + RUN_LETTERS)}`);
  return features;
}

export function learnModel(examples: readonly LabelledWords[]): LearnedModel {
  const classes = [...new Set(examples.map((e) => e.intent ?? NONE))];
  if (classes.length < 2) return { guess: () => undefined };
  const classIndex = new Map(classes.map((c, i) => [c, i]));

  // Each example's features as indices, then the counts in one flat table (features × classes):
  // tens of thousands of small per-feature arrays cost more in garbage collection than the counting.
  const n = classes.length;
  const featureIndex = new Map<string, number>();
  const seen = examples.map(({ intent, words }) => {
    const indices: number[] = [];
    for (const feature of featuresOf(words)) {
      let f = featureIndex.get(feature);
      if (f === undefined) {
        f = featureIndex.size;
        featureIndex.set(feature, f);
      }
      indices.push(f);
    }
    return { c: classIndex.get(intent ?? NONE)!, indices };
  });
  const vocabulary = featureIndex.size;
  // Counted as whole numbers first; the same table then holds the log-likelihoods.
  const logLikelihood = new Float32Array(vocabulary * n);
  const totals = new Float64Array(n);
  for (const { c, indices } of seen) {
    for (const f of indices) logLikelihood[f * n + c]! += 1;
    totals[c]! += indices.length;
  }
  for (let f = 0; f < vocabulary; f++) {
    for (let c = 0; c < n; c++) logLikelihood[f * n + c] = Math.log((logLikelihood[f * n + c]! + SMOOTHING) / (totals[c]! + SMOOTHING * vocabulary));
  }
  const intents = classes.map((c) => (c === NONE ? null : (c as Intent)));
  const scores = new Float64Array(n);

  return {
    guess(words) {
      // Equal priors: how many examples an intent has says how much staff wrote, not how often callers ask.
      scores.fill(0);
      let known = 0;
      for (const feature of featuresOf(words)) {
        const f = featureIndex.get(feature);
        if (f === undefined) continue;
        known += 1;
        for (let c = 0; c < n; c++) scores[c]! += logLikelihood[f * n + c]!;
      }
      if (known === 0) return undefined;
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
