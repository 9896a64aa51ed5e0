import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { examplesFiles } from '../content/examples';
import type { Language } from '../content/load';
import type { Learnt } from './matcher';

/**
 * What the matchers learn from prompts/examples/ (~40,000 lines; each language took ~0.5 s and
 * ~15 MB of heap that the process then kept), learnt once by `npm run build` (src/prebuild.ts) and
 * saved beside the compiled code, so that a new instance answers sooner and runs smaller.
 *
 * Saved with a fingerprint of everything it was learnt from: the language's prompts file and
 * examples files, and the code that reads and learns them. Start-up uses it only when what it has
 * now has the same fingerprint, and otherwise learns as before: a prompts folder that staff edited,
 * or mounted over the image's, is never answered from a model of other prompts.
 *
 * v8.serialize rather than JSON or a format of our own: it keeps the typed arrays and the Map as
 * they are, and reads ~10 MB back in milliseconds.
 */
export const LEARNT_DIR = path.join(__dirname, '..', 'learnt');

const fileFor = (dir: string, lang: Language) => path.join(dir, `${lang}.v8`);

/** The fingerprint of a language's prompts and examples, with the code that learns from them; undefined without its prompts file. */
export function fingerprintOf(promptsDir: string, lang: Language): string | undefined {
  const prompts = path.join(promptsDir, `${lang}.yaml`);
  if (!fs.existsSync(prompts)) return undefined;
  const hash = createHash('sha256');
  for (const file of [prompts, ...examplesFiles(promptsDir, lang), ...codeFiles()]) {
    hash.update(path.basename(file)).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** This folder's modules and content/'s (compiled, or the TypeScript itself under tsx): what reads prompts and learns from them. */
function codeFiles(): string[] {
  return [__dirname, path.join(__dirname, '..', 'content')].flatMap((dir) =>
    fs
      .readdirSync(dir)
      .filter((name) => /\.(js|ts)$/.test(name) && !name.endsWith('.d.ts'))
      .sort()
      .map((name) => path.join(dir, name)),
  );
}

export function saveLearnt(promptsDir: string, lang: Language, learnt: Learnt, dir = LEARNT_DIR): string {
  const file = fileFor(dir, lang);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, v8.serialize({ fingerprint: fingerprintOf(promptsDir, lang), learnt }));
  return file;
}

/** What was learnt from exactly these prompts, or undefined: none saved, saved from other prompts or code, or unreadable. */
export function readLearnt(promptsDir: string, lang: Language, dir = LEARNT_DIR): Learnt | undefined {
  const file = fileFor(dir, lang);
  if (!fs.existsSync(file)) return undefined;
  try {
    const saved = v8.deserialize(fs.readFileSync(file)) as { fingerprint?: unknown; learnt?: Learnt };
    return saved.fingerprint !== undefined && saved.fingerprint === fingerprintOf(promptsDir, lang) ? saved.learnt : undefined;
  } catch {
    // A file cut short or from another format, or one that cannot be read: learning again is slower,
    // never wrong (and prompts that cannot be read stop start-up with loadPrompts's own error).
    return undefined;
  }
}
