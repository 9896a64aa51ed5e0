import fs from 'node:fs';
import path from 'node:path';
import { loadPrompts, PromptsError } from '../../src/content/load';
import { tempDir } from '../support/temp-dirs';

const PROMPTS = path.join(__dirname, '..', '..', 'prompts');

/** A prompts folder with the real en.yaml and the given examples files. */
function promptsWith(files: Record<string, string>): string {
  const dir = tempDir('prompts-');
  fs.copyFileSync(path.join(PROMPTS, 'en.yaml'), path.join(dir, 'en.yaml'));
  fs.mkdirSync(path.join(dir, 'examples'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, 'examples', name), text);
  return dir;
}

describe('examples of what callers said (prompts/examples/<lang>.*.tsv), read at start-up', () => {
  it('are read from every file of the language, comments and blank lines skipped', () => {
    const dir = promptsWith({ 'en.a.tsv': '# a comment\ncost\thow much\n\n', 'en.b.tsv': 'none\twhat is the weather\n', 'es.a.tsv': 'cost\tcuánto cuesta\n' });
    expect(loadPrompts(dir).en.examples).toEqual([
      { label: 'cost', transcript: 'how much' },
      { label: 'none', transcript: 'what is the weather' },
    ]);
  });

  it('an unknown label stops start-up, naming the file and the line', () => {
    const dir = promptsWith({ 'en.a.tsv': 'cost\thow much\ncots\thow much is it\n' });
    expect(() => loadPrompts(dir)).toThrow(PromptsError);
    expect(() => loadPrompts(dir)).toThrow(/en\.a\.tsv: line 2: unknown label "cots"/);
  });

  it('a line without a tab stops start-up, naming the file and the line', () => {
    const dir = promptsWith({ 'en.a.tsv': 'cost how much\n' });
    expect(() => loadPrompts(dir)).toThrow(/en\.a\.tsv: line 1 has no tab/);
  });

  it('none at all is fine: the line then learns from its vocabulary alone', () => {
    const dir = promptsWith({});
    fs.rmdirSync(path.join(dir, 'examples'));
    expect(loadPrompts(dir).en.examples).toEqual([]);
  });
});
