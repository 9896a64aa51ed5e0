import type { Intent } from '../../src/content/topics';
import { learnModel, type LabelledWords } from '../../src/speech/learned';

const words = (text: string) => text.split(' ');
const examples = (rows: [Intent | null, string][]): LabelledWords[] => rows.map(([intent, text]) => ({ intent, words: words(text) }));

const model = learnModel(
  examples([
    ['cost', 'how much does it cost'],
    ['cost', 'do you take my insurance'],
    ['cost', 'what is the copay'],
    ['curriculum', 'what do they teach about relapse'],
    ['curriculum', 'is there a curriculum'],
    ['curriculum', 'do you teach coping skills'],
    [null, 'what is the weather tomorrow'],
    [null, 'tell me a joke'],
  ]),
);

describe('the model learnt from examples (src/speech/learned.ts)', () => {
  it('names the intent whose examples share the most with the sentence, with a probability', () => {
    const guess = model.guess(words('do you take insurance'))!;
    expect(guess.intent).toBe('cost');
    expect(guess.probability).toBeGreaterThan(0.5);
    expect(guess.probabilityOf('cost')).toBe(guess.probability);
    expect(guess.probabilityOf('curriculum')).toBeLessThan(0.5);
  });

  it('learns "not for the line" from examples labelled none', () => {
    expect(model.guess(words('what is the weather'))!.intent).toBeNull();
  });

  it('recognises a word the recognizer broke up, by the letter runs it shares with the word', () => {
    // Neither "curric" nor "lum" was ever heard; their letter runs were, in "curriculum". (Without "the": the
    // normalizer takes articles out before the model hears a sentence.)
    expect(model.guess(words('curric you lum'))!.intent).toBe('curriculum');
  });

  it('has no guess for a sentence with nothing it has seen, nor without two intents to tell apart', () => {
    expect(model.guess(words('zz'))).toBeUndefined();
    expect(learnModel(examples([['cost', 'how much']])).guess(words('how much'))).toBeUndefined();
    expect(learnModel([]).guess(words('how much'))).toBeUndefined();
  });

  it('an intent it never saw has probability 0', () => {
    expect(model.guess(words('how much'))!.probabilityOf('crisis')).toBe(0);
  });
});
