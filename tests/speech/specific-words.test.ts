import { isTopicId, type Intent } from '../../src/content/topics';
import { learnSpecificWords } from '../../src/speech/specific-words';
import { buildMatcher } from '../../src/speech/matcher';
import { testPrompts } from '../support/harness';

const words = (text: string) => text.split(' ');

describe('words that belong to one intent, learnt from the vocabulary', () => {
  const specific = learnSpecificWords(
    new Map([
      ['cost', ['insurance card', 'my insurance', 'what is the price'].map(words)],
      ['length', ['how long is it', 'how many weeks', 'what is the schedule'].map(words)],
    ]),
  );

  it('a word said about one intent only, in more than one entry, belongs to it', () => {
    expect(specific.ownerOf('insurance')).toBe('cost');
  });

  it('a word every intent uses belongs to none', () => {
    expect(specific.ownerOf('what')).toBeUndefined();
    expect(specific.ownerOf('is')).toBeUndefined();
  });

  it('a word heard in only one entry is no pattern', () => {
    expect(specific.ownerOf('price')).toBeUndefined();
    expect(specific.ownerOf('schedule')).toBeUndefined();
  });

  /** A line a caller said, and the intent it meant. */
  const line = (intent: Intent | null, text: string) => ({ intent, words: words(text) });

  it('a word only one intent\'s entries use, but callers use in every kind of line, belongs to none', () => {
    const entries = new Map([
      ['crisis', ['i want to die now', 'overdosed right now', 'not breathing now', 'stopped breathing'].map(words)],
      ['cost', ['how much', 'insurance card', 'the price'].map(words)],
    ] as const);
    const said = [
      line('cost', 'how much is it now'), line('cost', 'is it covered now'), line(null, 'i am at work now'), line('cost', 'what is the price now'),
      line('crisis', 'he is not breathing now'), line('cost', 'do you take my plan now'),
      line('crisis', 'she stopped breathing'), line('crisis', 'not breathing at all'), line('crisis', 'he is barely breathing'),
      line('cost', 'are breathing exercises covered'),
    ];
    expect(learnSpecificWords(entries).ownerOf('now')).toBe('crisis');
    expect(learnSpecificWords(entries, said).ownerOf('now')).toBeUndefined();
    // Callers' use of a word of danger for danger keeps it danger's (four of its five lines).
    expect(learnSpecificWords(entries, said).ownerOf('breathing')).toBe('crisis');
  });

  it('a word of danger callers also name in passing, in ordinary questions, still belongs to danger', () => {
    const entries = new Map([
      ['crisis', ['he overdosed', 'she overdosed again', 'not breathing'].map(words)],
      ['cost', ['how much', 'insurance card', 'the price'].map(words)],
    ] as const);
    const said = [
      line('crisis', 'he overdosed and is not breathing'), line('cost', 'my son overdosed last year is it covered'),
      line('cost', 'he overdosed in may how much is it'), line('cost', 'since he overdosed what is the price'), line('cost', 'she overdosed once how much'),
    ];
    // One line in five is danger: enough for danger, not for a topic (the bar for a topic is 0.7).
    expect(learnSpecificWords(entries, said).ownerOf('overdosed')).toBe('crisis');
  });

  it('a word in many of all callers\' lines is too common to be a sign of danger alone, however often danger says it', () => {
    const entries = new Map([
      ['crisis', ['ya no quiero vivir', 'ya me tomé todas', 'ya no aguanto', 'me tomé todas', 'no aguanto'].map(words)],
      ['cost', ['cuánto cuesta', 'aceptan seguro', 'el precio'].map(words)],
    ] as const);
    // A thousand lines: "ya" in a hundred of them, half of those danger; "tomé" in sixty, all danger;
    // "aguanto" in two, both danger.
    const said = [
      ...Array.from({ length: 50 }, () => line('crisis', 'ya no quiero vivir')),
      ...Array.from({ length: 50 }, () => line('cost', 'ya tengo seguro cuánto cuesta')),
      ...Array.from({ length: 60 }, () => line('crisis', 'me tomé todas')),
      line('crisis', 'no aguanto'), line('crisis', 'ya no aguanto más'),
      ...Array.from({ length: 838 }, () => line('cost', 'cuánto cuesta el programa')),
    ];
    expect(learnSpecificWords(entries).ownerOf('ya')).toBe('crisis');
    expect(learnSpecificWords(entries, said).ownerOf('ya')).toBeUndefined();
    // As common, but said in danger nearly every time: still a sign of it.
    expect(learnSpecificWords(entries, said).ownerOf('tomé')).toBe('crisis');
    expect(learnSpecificWords(entries, said).ownerOf('aguanto')).toBe('crisis');
  });
});

describe('the matcher hears a question by its words when no keyword was written for it', () => {
  const matcher = buildMatcher(testPrompts().en);

  it('two words that belong to cost ("income", "network"), in no keyword or cue, answer cost', () => {
    expect(matcher.match('does it go by income or network')).toMatchObject({ intent: 'cost', reason: 'words' });
  });

  it('one such word alone is not enough (the model learnt from examples may still place it)', () => {
    expect(matcher.match('what network is it').reason).not.toBe('words');
  });

  it('nonsense made of shared words gets no answer from them', () => {
    // What this rule owes the caller: words every intent uses answer nothing. Whether the learnt
    // model then hears danger in such a sentence is its own matter, measured by the corpus: since
    // rounds 14 and 24 it hears it in "raining again today" and in "it is raining so hard", and a
    // needless crisis message is the side this line errs on.
    // Sentences with no off-topic word in them: one ("raining", "weather") would guard the sentence
    // and keep this rule from running at all.
    for (const nonsense of ['can you believe it is so hard this week', 'is it nice this week']) {
      const heard = matcher.match(nonsense);
      expect(heard.reason).not.toBe('words');
      expect(isTopicId(heard.intent)).toBe(false);
    }
  });

  it('one word that belongs to danger ("goodbye") is not danger', () => {
    expect(matcher.match('goodbye').intent).toBeNull();
  });
});
