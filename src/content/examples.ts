import fs from 'node:fs';
import path from 'node:path';
import { REQUEST_INTENTS, TOPIC_IDS, type Intent } from './topics';

/**
 * Things callers have said, and what they meant: `label<TAB>what the recognizer wrote`, one a line,
 * `#` starts a comment. The line learns from them (src/speech/learned.ts) at `npm run build`, or at
 * start-up when they changed since, so staff teach it a new way of asking by adding a line, without code.
 */
export interface Example {
  label: string;
  transcript: string;
}

/** The intents, and `none` (not for the line: ask again); `spanish` and `english` say which way `language` goes. */
export const EXAMPLE_LABELS: readonly string[] = [...TOPIC_IDS, ...REQUEST_INTENTS, 'spanish', 'english', 'none'];

/** What the line should do for a label; null is "ask again". */
export function exampleIntent(label: string): Intent | null {
  if (label === 'none') return null;
  if (label === 'spanish' || label === 'english') return 'language';
  return label as Intent;
}

export class ExamplesError extends Error {
  override name = 'ExamplesError';
}

/** Reads one examples file; an unknown label or a line without a tab names the file and line. */
export function readExamples(file: string): Example[] {
  return readExampleSections(file).flatMap((section) => section.examples);
}

/**
 * The same, grouped by the comment line each run of examples follows (`heading`; '' before the
 * first comment): the corpus files head each blind batch with one, and the benches read them by batch.
 */
export function readExampleSections(file: string): { heading: string; examples: Example[] }[] {
  const sections = [{ heading: '', examples: [] as Example[] }];
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.startsWith('#')) {
        sections.push({ heading: line, examples: [] });
        return;
      }
      if (!line.trim()) return;
      const tab = line.indexOf('\t');
      const where = `${file}: line ${i + 1}`;
      if (tab < 0) throw new ExamplesError(`${where} has no tab between the label and the words`);
      const label = line.slice(0, tab).trim();
      const transcript = line.slice(tab + 1).trim();
      if (!EXAMPLE_LABELS.includes(label)) throw new ExamplesError(`${where}: unknown label "${label}" (one of: ${EXAMPLE_LABELS.join(', ')})`);
      if (!transcript) throw new ExamplesError(`${where}: no words after the label`);
      sections.at(-1)!.examples.push({ label, transcript });
    });
  return sections;
}

/** The folder, under a prompts folder, that holds each language's examples files (`<lang>.<anything>.tsv`). */
export const EXAMPLES_FOLDER = 'examples';

/** Every examples file of one language in a prompts folder, in name order; none is fine. */
export function examplesFiles(promptsDir: string, lang: string): string[] {
  const dir = path.join(promptsDir, EXAMPLES_FOLDER);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.startsWith(`${lang}.`) && name.endsWith('.tsv'))
    .sort()
    .map((name) => path.join(dir, name));
}
