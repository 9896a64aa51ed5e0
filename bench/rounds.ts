/**
 * How well the line understands a writer it has not learnt from: `npx tsx bench/rounds.ts`.
 *
 * Leave-future-out validation over the blind batches of prompts/examples/<lang>.dev.tsv. For each
 * language and each of the last rounds (ROUNDS), the matcher is built from the examples WITHOUT that
 * round's lines and without any later round's, then scores that round's lines with bench/corpus.ts's
 * score(). So each round is met as a new writer is met. Prints per round and pooled: handled right,
 * wrong answers, crisis recall. (The vocabulary in prompts/<lang>.yaml is today's, partly tuned on
 * these rounds after they were measured, so the numbers are a little kinder than a true first meeting;
 * the same for every change compared.) Never reads the held-out split.
 *
 *   --misses   also list each round's misses
 */
import path from 'node:path';
import { LANGUAGES, loadPrompts } from '../src/content/load';
import { exampleIntent, EXAMPLES_FOLDER, examplesFiles, readExamples, readExampleSections, type Example } from '../src/content/examples';
import { buildMatcher } from '../src/speech/matcher';
import { score } from './corpus';

const ROUNDS = [7, 8, 9];
const promptsDir = path.join(__dirname, '..', 'prompts');
const showMisses = process.argv.includes('--misses');

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

const library = loadPrompts(promptsDir);
for (const lang of LANGUAGES) {
  const prompts = library[lang];
  if (!prompts) continue;
  const devFile = path.join(promptsDir, EXAMPLES_FOLDER, `${lang}.dev.tsv`);
  const dev = devByRound(devFile);
  const others = examplesFiles(promptsDir, lang).filter((f) => f !== devFile).flatMap(readExamples);
  const pooled = { total: 0, right: 0, wrong: 0, crisisTotal: 0, crisisFound: 0 };
  for (const round of ROUNDS) {
    const learnt = [...others, ...dev.filter((d) => d.round < round).map((d) => d.example)];
    const matcher = buildMatcher({ ...prompts, examples: learnt });
    const s = score(matcher, dev.filter((d) => d.round === round).map((d) => d.example));
    for (const k of Object.keys(pooled) as (keyof typeof pooled)[]) pooled[k] += s[k];
    console.log(`${lang} round ${round} (${s.total}): right ${pct(s.right, s.total)}  wrong ${pct(s.wrong, s.total)}  crisis ${pct(s.crisisFound, s.crisisTotal)} (${s.crisisFound}/${s.crisisTotal})`);
    if (showMisses) {
      for (const o of s.outcomes.filter((o) => !o.right)) {
        const got = `${String(o.match.intent)} ${o.match.reason} ${o.match.score.toFixed(2)}`;
        console.log(`    ${o.wrong ? 'WRONG' : 'miss '} want ${String(exampleIntent(o.example.label)).padEnd(12)} got ${got.padEnd(28)} ${o.example.transcript}`);
      }
    }
  }
  const p = pooled;
  console.log(`${lang} pooled   (${p.total}): right ${pct(p.right, p.total)}  wrong ${pct(p.wrong, p.total)}  crisis ${pct(p.crisisFound, p.crisisTotal)} (${p.crisisFound}/${p.crisisTotal})  [${p.right} right, ${p.wrong} wrong]`);
}
