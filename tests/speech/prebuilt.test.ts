import fs from 'node:fs';
import path from 'node:path';
import { loadPrompts } from '../../src/content/load';
import { readExamples } from '../../src/content/examples';
import { buildMatcher, learnFrom } from '../../src/speech/matcher';
import { readLearnt, saveLearnt } from '../../src/speech/prebuilt';
import { PROMPTS_DIR, testPrompts } from '../support/harness';
import { tempDir } from '../support/temp-dirs';

/**
 * What `npm run build` saves of the matchers' learning (src/speech/prebuilt.ts): start-up reads it
 * back only for the very prompts it was learnt from, and a matcher built from it hears callers as
 * one that learnt at start-up does.
 */
const { en, es } = testPrompts();

/** A copy of the prompts folder that a test may change. */
function promptsCopy(): string {
  const dir = path.join(tempDir('iop-line-prompts-'), 'prompts');
  fs.cpSync(PROMPTS_DIR, dir, { recursive: true });
  return dir;
}

describe('what the build learnt from the examples', () => {
  it.each([
    ['en', en],
    ['es', es!],
  ] as const)('gives a %s matcher that answers callers as one that learns at start-up', (lang, prompts) => {
    const saved = tempDir('iop-line-learnt-');
    saveLearnt(PROMPTS_DIR, lang, learnFrom(prompts), { dir: saved });
    const learnt = readLearnt(PROMPTS_DIR, lang, { dir: saved });
    expect(learnt).toBeDefined();
    const fromBuild = buildMatcher({ ...prompts, examples: [] }, learnt);
    const learning = buildMatcher(prompts);
    // The tune split and the newest dev lines: callers' lines of every kind, danger included.
    const examples = (split: string) => readExamples(path.join(PROMPTS_DIR, 'examples', `${lang}.${split}.tsv`));
    const lines = [...examples('tune'), ...examples('dev').slice(-1000)];
    for (const { transcript } of lines) expect(fromBuild.match(transcript)).toEqual(learning.match(transcript));
  });

  it('is read back only for the prompts and examples it was learnt from', () => {
    const dir = promptsCopy();
    const saved = tempDir('iop-line-learnt-');
    const learn = () => saveLearnt(dir, 'en', learnFrom(loadPrompts(dir).en), { dir: saved });
    learn();
    expect(readLearnt(dir, 'en', { dir: saved })).toBeDefined();
    // Spanish was never saved.
    expect(readLearnt(dir, 'es', { dir: saved })).toBeUndefined();

    // Staff teach the line a new line: the saved learning is of other examples.
    fs.appendFileSync(path.join(dir, 'examples', 'en.tune.tsv'), 'cost\tzorbly flimflam price\n');
    expect(readLearnt(dir, 'en', { dir: saved })).toBeUndefined();
    learn();
    expect(readLearnt(dir, 'en', { dir: saved })).toBeDefined();

    // ...or a new keyword in the prompts file.
    const yaml = path.join(dir, 'en.yaml');
    fs.writeFileSync(yaml, `${fs.readFileSync(yaml, 'utf8')}\n# a comment staff added\n`);
    expect(readLearnt(dir, 'en', { dir: saved })).toBeUndefined();
  });

  it('is read back only by the code it was learnt by', () => {
    const code = path.join(tempDir('iop-line-code-'), 'speech');
    fs.mkdirSync(code);
    fs.writeFileSync(path.join(code, 'matcher.js'), '// the code that learns\n');
    const saved = tempDir('iop-line-learnt-');
    saveLearnt(PROMPTS_DIR, 'es', learnFrom(es!), { dir: saved, codeDirs: [code] });
    expect(readLearnt(PROMPTS_DIR, 'es', { dir: saved, codeDirs: [code] })).toBeDefined();
    fs.writeFileSync(path.join(code, 'matcher.js'), '// the code that learns, changed\n');
    expect(readLearnt(PROMPTS_DIR, 'es', { dir: saved, codeDirs: [code] })).toBeUndefined();
  });

  it('is not read back from a file cut short: the line learns again instead', () => {
    const saved = tempDir('iop-line-learnt-');
    const file = saveLearnt(PROMPTS_DIR, 'es', learnFrom(es!), { dir: saved });
    fs.writeFileSync(file, fs.readFileSync(file).subarray(0, 1000));
    expect(readLearnt(PROMPTS_DIR, 'es', { dir: saved })).toBeUndefined();
  });

  it("spares start-up reading a language's examples only when asked to", () => {
    const library = loadPrompts(PROMPTS_DIR, { examplesLearnt: ['es'] });
    expect(library.es!.examples).toEqual([]);
    expect(library.en.examples.length).toBeGreaterThan(1000);
  });
});
