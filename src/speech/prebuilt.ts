import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { examplesFiles } from '../content/examples';
import type { Language } from '../content/load';
import type { ModelData } from './learned';
import type { Learnt } from './matcher';

/**
 * What the matchers learn from prompts/examples/ (~40,000 lines; each language took ~0.5 s and
 * ~15 MB of heap that the process then kept), learnt once by `npm run build` (src/prebuild.ts) and
 * saved beside the compiled code, so that a new instance answers sooner and runs smaller.
 *
 * Saved with a fingerprint of everything it was learnt from: the language's prompts file and
 * examples files, the code that reads and learns them, and what that code stands on (Node and its
 * Unicode data, the YAML parser, zod). Start-up uses it only when what it has now has the same
 * fingerprint, and otherwise learns as before: a prompts folder that staff edited, or mounted over
 * the image's, is never answered from a model of other prompts.
 *
 * v8.serialize rather than JSON or a format of our own: it keeps the typed arrays and the Map as
 * they are, and reads the ~2 MB a language back in milliseconds.
 */
export const LEARNT_DIR = path.join(__dirname, '..', 'learnt');

/** The folders of the code that reads prompts and learns from them: this one and content/ (compiled, or the TypeScript itself under tsx). */
const CODE_DIRS = [__dirname, path.join(__dirname, '..', 'content')];

/** Where the learning is saved, and the code it must have been learnt by (tests change both). */
export interface LearntPlace {
  dir?: string;
  codeDirs?: readonly string[];
}

const fileFor = (dir: string, lang: Language) => path.join(dir, `${lang}.v8`);

/** The fingerprint of a language's prompts and examples, with the code that learns from them; undefined without its prompts file. */
export function fingerprintOf(promptsDir: string, lang: Language, codeDirs: readonly string[] = CODE_DIRS): string | undefined {
  const prompts = path.join(promptsDir, `${lang}.yaml`);
  if (!fs.existsSync(prompts)) return undefined;
  const hash = createHash('sha256');
  const versions = [process.version, process.versions.icu, packageVersion('js-yaml'), packageVersion('zod')];
  hash.update(versions.join('\0')).update('\0');
  for (const file of [prompts, ...examplesFiles(promptsDir, lang), ...codeFiles(codeDirs)]) {
    hash.update(path.basename(file)).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

function packageVersion(name: string): string {
  return (require(`${name}/package.json`) as { version: string }).version;
}

function codeFiles(dirs: readonly string[]): string[] {
  return dirs.flatMap((dir) =>
    fs
      .readdirSync(dir)
      .filter((name) => /\.(js|ts)$/.test(name) && !name.endsWith('.d.ts'))
      .sort()
      .map((name) => path.join(dir, name)),
  );
}

export function saveLearnt(promptsDir: string, lang: Language, learnt: Learnt, { dir = LEARNT_DIR, codeDirs = CODE_DIRS }: LearntPlace = {}): string {
  const file = fileFor(dir, lang);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, v8.serialize({ fingerprint: fingerprintOf(promptsDir, lang, codeDirs), learnt }));
  return file;
}

/** What was learnt from exactly these prompts, or undefined: none saved, saved from other prompts or code, or unreadable. */
export function readLearnt(promptsDir: string, lang: Language, { dir = LEARNT_DIR, codeDirs = CODE_DIRS }: LearntPlace = {}): Learnt | undefined {
  const file = fileFor(dir, lang);
  if (!fs.existsSync(file)) return undefined;
  try {
    const saved = v8.deserialize(fs.readFileSync(file)) as { fingerprint?: unknown; learnt?: Learnt };
    if (saved.fingerprint === undefined || saved.fingerprint !== fingerprintOf(promptsDir, lang, codeDirs) || !saved.learnt) return undefined;
    return { ...saved.learnt, model: saved.learnt.model && ownArrays(saved.learnt.model) };
  } catch {
    // A file cut short or from another format, or one that cannot be read: learning again is slower,
    // never wrong (and prompts that cannot be read stop start-up with loadPrompts's own error).
    return undefined;
  }
}

/**
 * The model's arrays, each with its own memory: v8.deserialize returns some as views into the
 * whole file's buffer, which would keep all ~2 MB of it alive for as long as the line runs.
 */
function ownArrays(model: ModelData): ModelData {
  return {
    ...model,
    keys: model.keys.slice(),
    values: model.values.slice(),
    weight: model.weight.slice(),
    rowStart: model.rowStart.slice(),
    cellIntent: model.cellIntent.slice(),
    cellGain: model.cellGain.slice(),
    logTotal: model.logTotal.slice(),
  };
}
