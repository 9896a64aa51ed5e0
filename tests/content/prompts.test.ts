import fs from 'node:fs';
import path from 'node:path';
import { dump, load } from 'js-yaml';
import { LANGUAGES, loadPrompts, parsePromptsFile, PromptsError } from '../../src/content/load';
import { TOPIC_IDS } from '../../src/content/topics';
import { otherLanguage } from '../../src/flow/language';
import { speakable, speakingSeconds } from '../../src/twiml/speakable';
import { PROMPTS_DIR, testPrompts } from '../support/harness';
import { tempDir } from '../support/temp-dirs';

const enFile = path.join(PROMPTS_DIR, 'en.yaml');
const enSource = fs.readFileSync(enFile, 'utf8');

/** The English file with one change applied to its parsed form. */
function enWith(change: (doc: Record<string, any>) => void): string {
  const doc = load(enSource) as Record<string, any>;
  change(doc);
  return dump(doc);
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

  it.each([
    ['the whisper without {topics}', (d: any) => (d.staff.whisper.askedAbout = 'They asked about some things.'), 'staff.whisper.askedAbout'],
    ['the voicemail text without its link', (d: any) => (d.staff.voicemailSms.text = 'New voicemail from {caller}, {time}, {length}. {asked}'), 'staff.voicemailSms.text'],
    ['the closed greeting without {opening}', (d: any) => (d.closed.greeting = 'We are closed.'), 'closed.greeting'],
    ['a missing voicemail prompt', (d: any) => delete d.voicemail.prompt, 'voicemail.prompt'],
  ])('%s', (_label, change, key) => {
    const message = errorOf(enWith(change));
    expect(message).toContain(key);
  });

  it('English without what staff hear and read', () => {
    const dir = tempDir('prompts-');
    fs.writeFileSync(path.join(dir, 'en.yaml'), enWith((d) => delete d.staff));
    expect(() => loadPrompts(dir)).toThrow(/en\.yaml[\s\S]*staff/);
  });

  it('text that is not YAML', () => {
    expect(errorOf('greeting: [unclosed')).toMatch(/prompts\/en\.yaml is not valid YAML/);
  });

  it('a key written twice', () => {
    expect(errorOf(`${enSource}\ngreeting: again\n`)).toMatch(/prompts\/en\.yaml/);
  });

  it('a folder without en.yaml', () => {
    const empty = tempDir('prompts-');
    expect(() => loadPrompts(empty)).toThrow(/en\.yaml is missing/);
  });
});

describe.each(LANGUAGES)('what callers hear in %s is short enough to follow', (lang) => {
  const library = testPrompts();
  const prompts = library[lang]!;
  const other = library[otherLanguage(lang)]!;
  const seconds = (text: string) => speakingSeconds(speakable(text, prompts.spokenAs));

  it('greeting, the offer of the other language and the menu together take under 20 seconds at 150 words a minute', () => {
    const offer = speakingSeconds(speakable(other.languageOffer, other.spokenAs));
    expect(seconds(prompts.greeting) + offer + seconds(prompts.menu)).toBeLessThan(20);
  });

  it.each(TOPIC_IDS)('the %s answer takes under 45 seconds', (topic) => {
    expect(seconds(prompts.topics[topic].answer)).toBeLessThan(45);
  });

  it('while intake is closed, what the greeting adds (clinic hours as configured in .env.example) takes under 12 seconds', () => {
    const added = `${prompts.closed.greeting.replace('{opening}', 'on Monday at 8 AM')} ${prompts.closed.hours.replace('{hours}', 'Monday to Friday, 8 AM to 8 PM, and Saturday, 9 AM to 1 PM')}`;
    expect(seconds(added)).toBeLessThan(12);
  });

  it('every re-prompt is shorter than the menu it replaces', () => {
    expect(seconds(prompts.silence.first)).toBeLessThan(seconds(prompts.menu));
    expect(seconds(prompts.invalidKey)).toBeLessThan(seconds(prompts.menu));
  });
});

describe('what staff hear', () => {
  const en = testPrompts().en;
  it('the whisper is short: staff hear it before the caller is put through', () => {
    const w = en.staff!.whisper;
    const labels = TOPIC_IDS.map((t) => en.topics[t].label).join(', ');
    const longest = [w.intro, w.askedAbout.replace('{topics}', labels), w.crisis, w.accept].join(' ');
    expect(speakingSeconds(speakable(longest, en.spokenAs))).toBeLessThan(20);
  });
});

/**
 * Every key path of a parsed prompts file. Lists of phrases, keywords and hints may differ in length
 * between languages, so a list counts as one leaf.
 */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keyPaths(child, prefix ? `${prefix}.${key}` : key));
}

/**
 * Keys whose text a caller hears. Left out: `staff` (what intake staff hear and read, always in
 * English, so only en.yaml has it), and what speech understanding learns from (`speech`, and each
 * intent's phrases, keywords, cues and words said alone), which is each language's own.
 */
function isSaidToCallers(key: string): boolean {
  return !/^(staff|speech)(\.|$)/.test(key) && !/\.(phrases|keywords|cues|alone)$/.test(key);
}

const yamlOf = (lang: string) => load(fs.readFileSync(path.join(PROMPTS_DIR, `${lang}.yaml`), 'utf8')) as Record<string, any>;

describe('both languages say the same things', () => {
  it('en.yaml and es.yaml have exactly the same keys, at every level', () => {
    const en = keyPaths(yamlOf('en')).filter(isSaidToCallers).sort();
    const es = keyPaths(yamlOf('es')).filter(isSaidToCallers).sort();
    expect({ onlyInEnglish: en.filter((k) => !es.includes(k)), onlyInSpanish: es.filter((k) => !en.includes(k)) }).toEqual({
      onlyInEnglish: [],
      onlyInSpanish: [],
    });
  });

  it('the key comparison notices a prompt missing deep in one file', () => {
    const es = yamlOf('es');
    delete es.silence.goodbye;
    expect(keyPaths(yamlOf('en')).filter(isSaidToCallers)).toContain('silence.goodbye');
    expect(keyPaths(es).filter(isSaidToCallers)).not.toContain('silence.goodbye');
  });

  it('es.yaml passes the same schema as en.yaml', () => {
    const file = path.join(PROMPTS_DIR, 'es.yaml');
    expect(() => parsePromptsFile(file, fs.readFileSync(file, 'utf8'))).not.toThrow();
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
