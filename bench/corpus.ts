import path from 'node:path';
import { EXAMPLES_FOLDER, exampleIntent, type Example } from '../src/content/examples';
import { isTopicId } from '../src/content/topics';
import type { Match, Matcher } from '../src/speech/matcher';

/** The prompts folder the benches read: PROMPTS_DIR, or the repository's own. */
export const PROMPTS_DIR = process.env.PROMPTS_DIR ?? path.join(__dirname, '..', 'prompts');
/** The held-out split: kept in tests/, away from prompts/, because the line must never learn from it. */
const HELDOUT_DIR = path.join(__dirname, '..', 'tests', 'speech', 'corpus');
/**
 * tune and dev are what the line learns from (prompts/examples/). tune: written while building the
 * vocabulary. dev: batches written blind (by writers who never saw the vocabulary), each measured
 * before the line learnt from it. heldout: never read, never tuned against, never learnt from.
 */
export const SPLITS = ['tune', 'dev', 'heldout'] as const;
export type Split = (typeof SPLITS)[number];

export function corpusFile(lang: string, split: Split): string {
  return split === 'heldout' ? path.join(HELDOUT_DIR, `${lang}.heldout.tsv`) : path.join(PROMPTS_DIR, EXAMPLES_FOLDER, `${lang}.${split}.tsv`);
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
  const expected = exampleIntent(example.label);
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

/** One line per phrasing not handled right: what was wanted, what the matcher gave and why, the words. */
export function missLines(outcomes: readonly Outcome[]): string[] {
  return outcomes
    .filter((o) => !o.right)
    .map((o) => {
      const want = String(exampleIntent(o.example.label));
      const got = `${String(o.match.intent)} ${o.match.reason} ${o.match.score.toFixed(2)}${o.match.runnerUp ? ` (${o.match.runnerUp})` : ''}`;
      return `${o.wrong ? 'WRONG' : 'miss '} want ${want.padEnd(12)} got ${got.padEnd(36)} ${o.example.transcript}`;
    });
}
