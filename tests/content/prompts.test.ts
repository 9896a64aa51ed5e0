import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { loadPrompts, parsePromptsFile, PromptsError } from '../../src/content/load';
import { TOPIC_IDS } from '../../src/content/topics';
import { speakable, speakingSeconds } from '../../src/twiml/speakable';
import { PROMPTS_DIR, testPrompts } from '../support/harness';

const enFile = path.join(PROMPTS_DIR, 'en.yaml');
const enSource = fs.readFileSync(enFile, 'utf8');

/** The English file with one change applied to its parsed form. */
function enWith(change: (doc: Record<string, any>) => void): string {
  const doc = YAML.parse(enSource);
  change(doc);
  return YAML.stringify(doc);
}

function errorOf(source: string): string {
  try {
    parsePromptsFile('prompts/en.yaml', source);
  } catch (err) {
    expect(err).toBeInstanceOf(PromptsError);
    return (err as Error).message;
  }
  throw new Error('expected the prompts file to be refused');
}

describe('prompt files that break the schema stop the line, naming the file and key', () => {
  it.each([
    ['a missing answer', (d: any) => delete d.topics.cost.answer, 'topics.cost.answer'],
    ['an empty greeting', (d: any) => (d.greeting = '   '), 'greeting'],
    ['a missing topic', (d: any) => delete d.topics['drug-testing'], 'topics.drug-testing'],
    ['an unknown topic', (d: any) => (d.topics.parking = d.topics.cost), 'parking'],
    ['a topic without phrases', (d: any) => (d.topics.length.phrases = []), 'topics.length.phrases'],
    ['a bad locale', (d: any) => (d.locale = 'english'), 'locale'],
    ['a missing silence re-prompt', (d: any) => delete d.silence.first, 'silence.first'],
    ['a speech hint with a comma, which Twilio would split in two', (d: any) => d.hints.push('cost, price'), 'hints'],
    ['a speech hint longer than Twilio takes', (d: any) => d.hints.push('x'.repeat(101)), 'hints'],
    ['an unknown key under speech', (d: any) => (d.speech.synonyms = []), 'speech'],
  ])('%s', (_label, change, key) => {
    const message = errorOf(enWith(change));
    expect(message).toContain('prompts/en.yaml');
    expect(message).toContain(key);
  });

  it('text that is not YAML', () => {
    expect(errorOf('greeting: [unclosed')).toMatch(/prompts\/en\.yaml is not valid YAML/);
  });

  it('a key written twice', () => {
    expect(errorOf(`${enSource}\ngreeting: again\n`)).toMatch(/prompts\/en\.yaml/);
  });

  it('a folder without en.yaml', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'prompts-'));
    expect(() => loadPrompts(empty)).toThrow(/en\.yaml is missing/);
  });
});

describe('what callers hear is short enough to follow', () => {
  const en = testPrompts().en;
  const seconds = (text: string) => speakingSeconds(speakable(text, en.spokenAs));

  it('greeting and menu together take under 20 seconds at 150 words a minute', () => {
    expect(seconds(`${en.greeting} ${en.menu}`)).toBeLessThan(20);
  });

  it.each(TOPIC_IDS)('the %s answer takes under 45 seconds', (topic) => {
    expect(seconds(en.topics[topic].answer)).toBeLessThan(45);
  });

  it('every re-prompt is shorter than the menu it replaces', () => {
    expect(seconds(en.silence.first)).toBeLessThan(seconds(en.menu));
    expect(seconds(en.invalidKey)).toBeLessThan(seconds(en.menu));
  });
});

describe('speakable text', () => {
  it('reads phone numbers digit by digit, in groups', () => {
    expect(speakable('call 855-698-3554 or 1-800-662-4357')).toBe('call 8 5 5, 6 9 8, 3 5 5 4 or 1, 8 0 0, 6 6 2, 4 3 5 7');
  });

  it('reads 988 and 911 as digits but leaves small counts and ranges alone', () => {
    expect(speakable('dial 911 or 988, 3 hours, 9-10 hours')).toBe('dial 9 1 1 or 9 8 8, 3 hours, 9-10 hours');
  });

  it('says words as the clinic spelled them out, whole words only', () => {
    expect(speakable("IOP and IOP's, not IOPX", { IOP: 'I O P' })).toBe("I O P and I O P's, not IOPX");
  });
});
