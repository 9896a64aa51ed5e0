/**
 * Keywords and cues that mislead: `npx tsx bench/keywords.ts [en|es]`.
 *
 * For each topic's (and intake's) keywords and cues, the blind batches' lines (prompts/examples/<lang>.dev.tsv)
 * that hold it, as the matcher reads both, and how many of them are labelled with its own intent.
 * Lists those heard in at least MIN lines (default 10) of which under MAXOWN (default 0.4) are its
 * own: candidates to move or take out, each then measured with `npm run bench:rounds -- --all --tune`
 * (a keyword in a line did not always decide it: a longer term, a question about the program or a
 * correction may have). Never reads the held-out split.
 */
import { loadPrompts } from '../src/content/load';
import { readExamples } from '../src/content/examples';
import { TOPIC_IDS } from '../src/content/topics';
import { normalizerFor } from '../src/speech/matcher';
import { corpusFile, PROMPTS_DIR } from './corpus';

const lang = process.argv[2] ?? 'en';
const MIN = Number(process.env.MIN ?? 10);
const MAXOWN = Number(process.env.MAXOWN ?? 0.4);
const prompts = loadPrompts(PROMPTS_DIR)[lang as 'en'];
if (!prompts) throw new Error(`no prompts for ${lang}`);
const words = normalizerFor(prompts).words;
// Padded with spaces so that a term is found only as whole words.
const dev = readExamples(corpusFile(lang, 'dev')).map((e) => ({ label: e.label, text: ` ${words(e.transcript).join(' ')} ` }));
const rows: { own: number; line: string }[] = [];
for (const id of [...TOPIC_IDS, 'intake'] as const) {
  const entry = id === 'intake' ? prompts.intents.intake : prompts.topics[id];
  for (const kind of ['keywords', 'cues'] as const) {
    for (const term of entry[kind]) {
      const read = ` ${words(term).join(' ')} `;
      if (!read.trim()) continue;
      const holding = dev.filter((d) => d.text.includes(read));
      if (holding.length < MIN) continue;
      const own = holding.filter((d) => d.label === id).length / holding.length;
      if (own >= MAXOWN) continue;
      const counts = new Map<string, number>();
      for (const d of holding) counts.set(d.label, (counts.get(d.label) ?? 0) + 1);
      const most = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([label, n]) => `${label} ${n}`).join(', ');
      rows.push({ own, line: `${own.toFixed(2)}  ${String(holding.length).padStart(4)}  ${id}.${kind} "${term}"  (${most})` });
    }
  }
}
console.log('own share, lines holding it, the term, the labels of those lines');
for (const { line } of rows.sort((a, b) => a.own - b.own)) console.log(line);
