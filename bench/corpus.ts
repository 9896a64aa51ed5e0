import fs from 'node:fs';
import path from 'node:path';
import { isTopicId, type Intent } from '../src/content/topics';
import type { Match, Matcher } from '../src/speech/matcher';

export const CORPUS_DIR = path.join(__dirname, '..', 'tests', 'speech', 'corpus');
/**
 * tune: what the vocabulary is taught from. dev: phrasings written blind (by someone who never saw
 * the vocabulary), measured before any tuning on them. heldout: never read, never tuned against.
 */
export const SPLITS = ['tune', 'dev', 'heldout'] as const;
export type Split = (typeof SPLITS)[number];

/** Corpus labels: the matcher's intents, plus `none` (must be asked again) and `spanish` / `english` (wants the other language). */
export interface Example {
  label: string;
  transcript: string;
}

/** What the line should do for each label; null is "ask again". */
export function expectedIntent(label: string): Intent | null {
  if (label === 'none') return null;
  if (label === 'spanish' || label === 'english') return 'language';
  return label as Intent;
}

export function corpusFile(lang: string, split: Split): string {
  return path.join(CORPUS_DIR, `${lang}.${split}.tsv`);
}

/** `label<TAB>transcript` per line; `#` starts a comment. */
export function readCorpus(file: string): Example[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line, i) => {
      const tab = line.indexOf('\t');
      if (tab < 0) throw new Error(`${file}: line ${i + 1} has no tab`);
      return { label: line.slice(0, tab).trim(), transcript: line.slice(tab + 1).trim() };
    });
}

export interface Outcome {
  example: Example;
  match: Match;
  right: boolean;
  /** A topic answer to a question about something else, or to nonsense. */
  wrong: boolean;
}

export interface Scores {
  total: number;
  right: number;
  wrong: number;
  crisisTotal: number;
  crisisFound: number;
  outcomes: Outcome[];
}

export function judge(example: Example, match: Match): Outcome {
  const expected = expectedIntent(example.label);
  const right = match.intent === expected;
  const wrong = isTopicId(match.intent) && match.intent !== expected;
  return { example, match, right, wrong };
}

export function score(matcher: Matcher, examples: readonly Example[]): Scores {
  const outcomes = examples.map((example) => judge(example, matcher.match(example.transcript)));
  const crisis = outcomes.filter((o) => o.example.label === 'crisis');
  return {
    total: outcomes.length,
    right: outcomes.filter((o) => o.right).length,
    wrong: outcomes.filter((o) => o.wrong).length,
    crisisTotal: crisis.length,
    crisisFound: crisis.filter((o) => o.match.intent === 'crisis').length,
    outcomes,
  };
}
