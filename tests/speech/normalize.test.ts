import fc from 'fast-check';
import stringSimilarity from 'string-similarity';
import { buildNormalizer, diceOfPairs, letterPairs, MAX_TRANSCRIPT_CHARS, type SpeechRules } from '../../src/speech/normalize';
import { testPrompts } from '../support/harness';

const en = testPrompts().en;
const vocabulary = [...Object.values(en.topics), ...Object.values(en.intents)].flatMap((e) => [...e.phrases, ...e.keywords, ...e.cues]);
const words = buildNormalizer(en.speech, vocabulary).words;

/** Two transcripts the matcher must see as the same words. */
function expectSame(heard: string, meant: string) {
  expect(words(heard)).toEqual(words(meant));
}

describe('English telephone transcripts', () => {
  it('ignores case and punctuation', () => {
    expectSame('How MUCH does it cost?!', 'how much does it cost');
  });

  it.each(['i o p', 'I.O.P.', 'eye oh pee', 'I owe P', "IOP's", 'io p', 'IOPs', 'aye oh pea'])('reads the spelled acronym "%s" as IOP', (heard) => {
    expect(words(heard)).toEqual(words('IOP'));
  });

  it.each([
    ["what's", 'what is'],
    ['whats', 'what is'],
    ["don't", 'do not'],
    ["y'all", 'you all'],
    ['gonna', 'going to'],
  ])('expands the contraction "%s"', (heard, meant) => {
    expectSame(heard, meant);
  });

  it('drops fillers, stock openings and articles', () => {
    expectSame('um yeah so I was wondering how much is the program', 'how much is program');
  });

  it('rewrites words the recognizer is known to mishear', () => {
    expectSame('does he have to go through d talks first', 'does he have to go through detox first');
    expectSame('do you take my and surance', 'do you take my insurance');
    expectSame('do you do you a\'s', 'do you do UA');
  });

  it('joins a word the recognizer split, when the joined word is one the line knows', () => {
    expectSame('intensive out patient', 'intensive outpatient');
    expectSame('medic aid', 'medicaid');
  });

  it('reads two words, one of them unknown, as the known word they closely resemble together', () => {
    expectSame('opera tore please', 'operator please');
    expectSame('i need a represent tative', 'i need a representative');
    // Two words it knows stay two words, however alike their joining is to a third.
    expect(words('group therapy')).toEqual(['group', 'therapy']);
  });

  it('does not join a one-letter word onto the next ("a live" is not "alive")', () => {
    expect(words('a live in program')).toContain('live');
  });

  it('treats a plural as its singular, but leaves a doubled ending alone', () => {
    expectSame('drug tests', 'drug test');
    expect(words('class')).toEqual(['class']);
  });

  it('reads an unknown word with an ending as the known word it is built on', () => {
    expectSame('relapsing', 'relapse');
  });

  it('adds a silent e only to a stem of three letters or more ("dis" is not "die" + s)', () => {
    const strip = buildNormalizer({ ...en.speech, fillers: [], endings: ['ing', 's'] }, ['die', 'hope']).words;
    expect(strip('dis')).not.toEqual(strip('die'));
    expect(strip('hoping')).toEqual(strip('hope'));
  });

  it('takes the longest known word an ending leaves, not a shorter one ("letters" is "letter", not "let")', () => {
    const rules: SpeechRules = { ...en.speech, fillers: [], endings: ['ers', 's'] };
    const strip = buildNormalizer(rules, ['let us', 'goodbye letter']).words;
    expect(strip('letters')).toEqual(strip('letter'));
    expect(strip('letters')).not.toEqual(strip('let'));
  });

  it('cuts a runaway transcript to a bounded length', () => {
    expect(words('cost '.repeat(MAX_TRANSCRIPT_CHARS)).length).toBeLessThanOrEqual(MAX_TRANSCRIPT_CHARS / 2);
  });

  it('leaves nothing of a transcript that is only fillers', () => {
    expect(words('um uh yeah okay')).toEqual([]);
  });
});

/** A small Spanish rule set: every language-specific word comes from the prompts file, none from code. */
const spanish: SpeechRules = {
  fillers: ['eh', 'este', 'pues', 'bueno', 'o sea', 'el', 'la', 'los', 'las'],
  contractions: {},
  aliases: { seguro: ['aseguranza'] },
  spelled: { IOP: [['i'], ['o'], ['p', 'pe']] },
  plurals: ['s'],
  endings: [],
  questionWords: ['qué', 'cuánto'],
  offTopic: [],
  aboutProgram: [],
  nothingAsked: [],
  askForPerson: [],
  notAsked: [],
  takenBack: [],
  programName: [],
  programParts: [],
  weeklyHours: { hours: [], week: [], unless: [] },
};
const es = buildNormalizer(spanish, ['qué es IOP', 'pruebas de orina', 'seguro']).words;

describe('Spanish telephone transcripts, with Spanish rules', () => {
  it('ignores accents, so "qué" and "que" are one word', () => {
    expect(es('¿Qué es IOP?')).toEqual(es('que es iop'));
  });

  it('reads "i o pe" as IOP', () => {
    expect(es('que es el i o pe')).toEqual(es('qué es IOP'));
  });

  it('drops Spanish fillers: este, pues, bueno, o sea', () => {
    expect(es('este pues bueno o sea qué es IOP')).toEqual(es('qué es IOP'));
  });

  it('rewrites words as the rules say ("aseguranza" is "seguro")', () => {
    expect(es('aceptan aseguranza')).toEqual(es('aceptan seguro'));
  });

  it('knows no English filler: "um" stays a word under Spanish rules', () => {
    expect(es('um')).toEqual(['um']);
  });

  it('drops a filler of two words whole, even when its last word is read as one the line knows ("tardes" as "tarde")', () => {
    const greeting = buildNormalizer({ ...spanish, fillers: [...spanish.fillers, 'buenas', 'buenas tardes'], endings: ['s'] }, ['en la tarde', 'seguro']).words;
    expect(greeting('buenas tardes aceptan seguro')).toEqual(greeting('aceptan seguro'));
  });
});

describe('likeness of an unknown word to a known one', () => {
  it("is string-similarity's Dice coefficient, from letter pairs worked out once a word", () => {
    const word = fc.string({ unit: fc.constantFrom(...'abcdeiou'), minLength: 2, maxLength: 12 });
    fc.assert(
      fc.property(word, word, (a, b) => {
        fc.pre(a !== b);
        expect(diceOfPairs(letterPairs(a), letterPairs(b))).toBeCloseTo(stringSimilarity.compareTwoStrings(a, b), 12);
      }),
      { numRuns: 2000 },
    );
  });
});
