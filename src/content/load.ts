import fs from 'node:fs';
import path from 'node:path';
import { load as parseYaml } from 'js-yaml';
import type { z } from 'zod';
import { examplesFiles, readExamples } from './examples';
import { promptsSchema, type Prompts, type StaffWords } from './schema';

export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

/**
 * Prompts by language. English is always there, with what intake staff hear and read (`staff`);
 * other languages are optional files.
 */
export type PromptLibrary = { en: Prompts & { staff: StaffWords } } & Partial<Record<Exclude<Language, 'en'>, Prompts>>;

export class PromptsError extends Error {
  override name = 'PromptsError';
}

export function formatIssues(file: string, error: z.ZodError): string {
  const lines = error.issues.map((issue) => {
    const key = issue.path.length ? issue.path.join('.') : '(top level)';
    return `  ${file}: ${key}: ${issue.message}`;
  });
  return `Prompts file ${file} is not valid:\n${lines.join('\n')}`;
}

/** Reads and checks one prompts file; the error names the file and each bad key. */
export function parsePromptsFile(file: string, source: string): Prompts {
  let raw: unknown;
  try {
    // js-yaml, not the `yaml` package: it builds no document tree, so reading both files costs ~2 MB
    // of heap instead of ~17 MB that the process then kept for good (and ~20 ms instead of ~110).
    // Its core schema refuses a key given twice, as staff need.
    raw = parseYaml(source);
  } catch (err) {
    throw new PromptsError(`Prompts file ${file} is not valid YAML: ${(err as Error).message}`);
  }
  const parsed = promptsSchema.safeParse(raw);
  if (!parsed.success) throw new PromptsError(formatIssues(file, parsed.error));
  return parsed.data;
}

/**
 * The only place that reads prompts/. Runs once at start-up. `examplesLearnt`: languages whose
 * examples the line need not read, because what it learns from them was saved at build time for
 * exactly these files (src/speech/prebuilt.ts, which checked them); their examples come back empty.
 */
export function loadPrompts(dir: string, { examplesLearnt = [] }: { examplesLearnt?: readonly Language[] } = {}): PromptLibrary {
  const library: Partial<Record<Language, Prompts>> = {};
  for (const lang of LANGUAGES) {
    const file = path.join(dir, `${lang}.yaml`);
    if (!fs.existsSync(file)) continue;
    library[lang] = { ...parsePromptsFile(file, fs.readFileSync(file, 'utf8')), examples: examplesLearnt.includes(lang) ? [] : loadExamples(dir, lang) };
  }
  if (!library.en) throw new PromptsError(`Prompts file ${path.join(dir, 'en.yaml')} is missing: the line needs English prompts.`);
  if (!library.en.staff) {
    throw new PromptsError(`Prompts file ${path.join(dir, 'en.yaml')} is not valid:\n  staff: is missing (the whisper and the voicemail text that intake staff get)`);
  }
  return library as PromptLibrary;
}

function loadExamples(dir: string, lang: Language): Prompts['examples'] {
  try {
    return examplesFiles(dir, lang).flatMap(readExamples);
  } catch (err) {
    throw new PromptsError(`Examples are not valid: ${(err as Error).message}`);
  }
}

export function promptsFor(library: PromptLibrary, lang: Language): Prompts {
  return library[lang] ?? library.en;
}
