/**
 * How well the line understands a writer it has not learnt from: `npm run bench:rounds`.
 *
 * Leave-future-out validation over the blind batches of prompts/examples/<lang>.dev.tsv. For each
 * language and each of the last rounds written as ordinary callers (ROUNDS; rounds 10-12 probe danger:
 * left out of learning here, not scored), the matcher is built from the examples WITHOUT that round's
 * lines and without any later round's, then scores that round's lines with bench/corpus.ts's score(). So each round is met as a new writer is met. Prints per round and pooled: handled right,
 * wrong answers, crisis recall. (The vocabulary in prompts/<lang>.yaml is today's, partly tuned on
 * these rounds after they were measured, so the numbers are a little kinder than a true first meeting;
 * the same for every change compared.) Never reads the held-out split.
 *
 *   --misses   also list each round's misses
 *   --all      score every round from the first of ROUNDS to the newest, danger probes included
 *              (how a threshold of the learnt model was chosen: README "Speech understanding")
 *   --tune     also score the tune split by a model learnt from everything but it, the first
 *              session's lines (the session that wrote the held-out split) apart from the staff's
 *              examples added since (below the `# Staff's examples` heading)
 * PROMPTS_DIR picks another prompts folder (default: prompts/).
 */
import path from 'node:path';
import { LANGUAGES, loadPrompts } from '../src/content/load';
import { EXAMPLES_FOLDER, examplesFiles, readExamples, readExampleSections, type Example } from '../src/content/examples';
import { buildMatcher } from '../src/speech/matcher';
import { missLines, PROMPTS_DIR, score } from './corpus';

const ROUNDS = [7, 8, 9];
const showMisses = process.argv.includes('--misses');
const everyRound = process.argv.includes('--all');
const tuneToo = process.argv.includes('--tune');

/** A dev file's lines with the round of the `# Blind batch N` heading above them (before the first: round 0). */
function devByRound(file: string): { round: number; example: Example }[] {
  let round = 0;
  return readExampleSections(file).flatMap(({ heading, examples }) => {
    const batch = /^# Blind batch (\d+)/.exec(heading);
    if (batch) round = Number(batch[1]);
    return examples.map((example) => ({ round, example }));
  });
}

const pct = (n: number, of: number) => (of === 0 ? '  n/a' : `${((100 * n) / of).toFixed(1)}%`.padStart(6));

const library = loadPrompts(PROMPTS_DIR);
for (const lang of LANGUAGES) {
  const prompts = library[lang];
  if (!prompts) continue;
  const devFile = path.join(PROMPTS_DIR, EXAMPLES_FOLDER, `${lang}.dev.tsv`);
  const dev = devByRound(devFile);
  const others = examplesFiles(PROMPTS_DIR, lang).filter((f) => f !== devFile).flatMap(readExamples);
  const pooled = { total: 0, right: 0, wrong: 0, crisisTotal: 0, crisisFound: 0 };
  const newest = Math.max(...dev.map((d) => d.round));
  const rounds = everyRound ? Array.from({ length: newest - ROUNDS[0]! + 1 }, (_, i) => ROUNDS[0]! + i) : ROUNDS;
  for (const round of rounds) {
    const learnt = [...others, ...dev.filter((d) => d.round < round).map((d) => d.example)];
    const matcher = buildMatcher({ ...prompts, examples: learnt });
    const s = score(matcher, dev.filter((d) => d.round === round).map((d) => d.example));
    for (const k of Object.keys(pooled) as (keyof typeof pooled)[]) pooled[k] += s[k];
    console.log(`${lang} round ${round} (${s.total}): right ${pct(s.right, s.total)}  wrong ${pct(s.wrong, s.total)}  crisis ${pct(s.crisisFound, s.crisisTotal)} (${s.crisisFound}/${s.crisisTotal})`);
    if (showMisses) for (const line of missLines(s.outcomes)) console.log(`    ${line}`);
  }
  if (tuneToo) {
    const tuneFile = path.join(PROMPTS_DIR, EXAMPLES_FOLDER, `${lang}.tune.tsv`);
    const learnt = examplesFiles(PROMPTS_DIR, lang).filter((f) => f !== tuneFile).flatMap(readExamples);
    const matcher = buildMatcher({ ...prompts, examples: learnt });
    let staffs = false;
    const parts: Record<string, Example[]> = { 'first session': [], "staff's examples": [] };
    for (const { heading, examples } of readExampleSections(tuneFile)) {
      staffs ||= heading.startsWith("# Staff's examples");
      parts[staffs ? "staff's examples" : 'first session']!.push(...examples);
    }
    for (const [part, examples] of Object.entries(parts)) {
      const s = score(matcher, examples);
      console.log(`${lang} tune, left out: ${part} (${s.total}): right ${pct(s.right, s.total)}  wrong ${pct(s.wrong, s.total)}  crisis ${pct(s.crisisFound, s.crisisTotal)} (${s.crisisFound}/${s.crisisTotal})  [${s.right} right, ${s.wrong} wrong]`);
      if (showMisses) for (const line of missLines(s.outcomes)) console.log(`    ${line}`);
    }
  }
  const p = pooled;
  console.log(`${lang} pooled   (${p.total}): right ${pct(p.right, p.total)}  wrong ${pct(p.wrong, p.total)}  crisis ${pct(p.crisisFound, p.crisisTotal)} (${p.crisisFound}/${p.crisisTotal})  [${p.right} right, ${p.wrong} wrong]`);
}
