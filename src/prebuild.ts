import { DEFAULT_PROMPTS_DIR } from './config';
import { loadPrompts, type Language } from './content/load';
import { learnFrom } from './speech/matcher';
import { saveLearnt } from './speech/prebuilt';

/**
 * `npm run build` runs this after compiling: it learns what the matchers learn from the prompts'
 * examples and saves it beside the compiled code (src/speech/prebuilt.ts), for start-up to read.
 * Prompts that do not load fail the build, as they would fail start-up.
 */
// An empty PROMPTS_DIR means "not set", as config.ts reads it.
const promptsDir = process.argv[2] || process.env.PROMPTS_DIR || DEFAULT_PROMPTS_DIR;
const library = loadPrompts(promptsDir);
for (const [lang, prompts] of Object.entries(library) as [Language, (typeof library)['en']][]) {
  const started = Date.now();
  const file = saveLearnt(promptsDir, lang, learnFrom(prompts));
  process.stdout.write(`${lang}: learnt from ${prompts.examples.length} example lines in ${Date.now() - started} ms, saved to ${file}\n`);
}
