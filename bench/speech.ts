/**
 * How well the line understands callers: `npm run bench:speech`.
 *
 * For each language with a prompts file and each corpus split, prints the share handled right, the
 * wrong-answer rate, crisis recall, a confusion table and matching time per utterance. The held-out
 * split is never tuned against, so for it only aggregate numbers are printed, never its lines.
 *
 *   --misses        also list the tune and dev splits' misses (never the held-out split's)
 *   --split <name>  only `tune` or only `heldout`
 * PROMPTS_DIR picks another prompts folder (default: prompts/).
 */
import fs from 'node:fs';
import path from 'node:path';
import { LANGUAGES, loadPrompts } from '../src/content/load';
import { TOPIC_IDS } from '../src/content/topics';
import { buildMatcher, type Matcher } from '../src/speech/matcher';
import { readExamples, type Example } from '../src/content/examples';
import { corpusFile, missLines, PROMPTS_DIR, score, SPLITS, type Scores, type Split } from './corpus';

/** Each utterance is timed this many times after a warm-up pass, for stable percentiles. */
const TIMING_ROUNDS = 20;
/** Passes over the split before timing, so the JIT has compiled the matcher. */
const WARM_UP_PASSES = 3;
const NANOS_PER_MICRO = 1000;

const args = process.argv.slice(2);
const showMisses = args.includes('--misses');
const onlySplit = args.includes('--split') ? (args[args.indexOf('--split') + 1] as Split) : undefined;

const COLUMNS = [...TOPIC_IDS, 'intake', 'repeat', 'menu', 'crisis', 'language', 'null'] as const;
const SHORT: Record<string, string> = {
  'what-is-iop': 'what',
  program: 'prog',
  cost: 'cost',
  length: 'len',
  curriculum: 'curr',
  'drug-testing': 'test',
  intake: 'intk',
  repeat: 'rept',
  menu: 'menu',
  crisis: 'cris',
  language: 'lang',
  null: 'ask',
};

function pct(n: number, of: number): string {
  return of === 0 ? '  n/a' : `${((100 * n) / of).toFixed(1)}%`;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function timeMatching(matcher: Matcher, examples: readonly Example[]): { p50: number; p99: number } {
  for (let pass = 0; pass < WARM_UP_PASSES; pass++) for (const e of examples) matcher.match(e.transcript);
  const micros: number[] = [];
  for (let round = 0; round < TIMING_ROUNDS; round++) {
    for (const e of examples) {
      const started = process.hrtime.bigint();
      matcher.match(e.transcript);
      micros.push(Number(process.hrtime.bigint() - started) / NANOS_PER_MICRO);
    }
  }
  micros.sort((a, b) => a - b);
  return { p50: percentile(micros, 50), p99: percentile(micros, 99) };
}

function confusion(scores: Scores): string {
  const rows = [...new Set(scores.outcomes.map((o) => o.example.label))];
  const header = ['expected \\ got'.padEnd(14), ...COLUMNS.map((c) => SHORT[c]!.padStart(5))].join('');
  const lines = rows.map((label) => {
    const counts = COLUMNS.map((col) => {
      const n = scores.outcomes.filter((o) => o.example.label === label && String(o.match.intent) === col).length;
      return (n ? String(n) : '.').padStart(5);
    });
    return [label.padEnd(14), ...counts].join('');
  });
  return [header, ...lines].join('\n');
}

function report(lang: string, split: Split, matcher: Matcher): void {
  const file = corpusFile(lang, split);
  if (!fs.existsSync(file)) {
    console.log(`\n${lang} ${split}: skipped: no ${path.relative(process.cwd(), file)}`);
    return;
  }
  const examples = readExamples(file);
  const scores = score(matcher, examples);
  const timing = timeMatching(matcher, examples);
  console.log(`\n=== ${lang} ${split} (${scores.total} phrasings) ===`);
  console.log(`handled right   ${pct(scores.right, scores.total)}  (${scores.right}/${scores.total})`);
  console.log(`wrong answers   ${pct(scores.wrong, scores.total)}  (${scores.wrong}/${scores.total})`);
  console.log(`crisis recall   ${pct(scores.crisisFound, scores.crisisTotal)}  (${scores.crisisFound}/${scores.crisisTotal})`);
  console.log(`matching time   p50 ${timing.p50.toFixed(1)} µs, p99 ${timing.p99.toFixed(1)} µs per utterance`);
  console.log(confusion(scores));
  if (showMisses && split !== 'heldout') {
    const misses = missLines(scores.outcomes);
    console.log(`\nmisses (${misses.length}):`);
    for (const line of misses) console.log(`  ${line}`);
  }
}

function main(): void {
  const library = loadPrompts(PROMPTS_DIR);
  for (const lang of LANGUAGES) {
    const prompts = library[lang];
    if (!prompts) {
      console.log(`\n${lang}: skipped: no ${path.relative(process.cwd(), path.join(PROMPTS_DIR, `${lang}.yaml`))}`);
      continue;
    }
    const matcher = buildMatcher(prompts);
    for (const split of SPLITS) if (!onlySplit || split === onlySplit) report(lang, split, matcher);
  }
}

main();
