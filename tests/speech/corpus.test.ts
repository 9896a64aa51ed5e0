import { corpusFile, score, SPLITS } from '../../bench/corpus';
import { readExamples } from '../../src/content/examples';
import { buildMatcher } from '../../src/speech/matcher';
import { testPrompts } from '../support/harness';

/**
 * A floor under the tune and dev splits, so a change to prompts/ or the matcher that breaks understanding
 * fails `npm test`. The real measure, with the held-out split, is `npm run bench:speech`.
 */
// dev at 91%, not 93%: rounds 13-14 put ~300 lines of danger told as history in it, labelled with
// the question they ask, and rounds 10-19 hundreds of ordinary lines with words of danger in them;
// the line gives many of those the crisis message on purpose, which counts as a miss there.
const MIN_HANDLED_RIGHT = { tune: 0.95, dev: 0.91 } as const;
const MAX_WRONG_ANSWERS = 0.01;

describe.each([
  ['English', 'en', 'tune'],
  ['English', 'en', 'dev'],
  ['Spanish', 'es', 'tune'],
  ['Spanish', 'es', 'dev'],
] as const)('%s %s corpus', (_language, lang, split) => {
  const scores = score(buildMatcher(testPrompts()[lang]!), readExamples(corpusFile(lang, split)));

  it(`handles at least ${MIN_HANDLED_RIGHT[split] * 100}% right`, () => {
    expect(scores.right / scores.total).toBeGreaterThanOrEqual(MIN_HANDLED_RIGHT[split]);
  });

  it(`gives at most ${MAX_WRONG_ANSWERS * 100}% wrong answers`, () => {
    expect(scores.wrong / scores.total).toBeLessThanOrEqual(MAX_WRONG_ANSWERS);
  });

  it('answers every crisis phrasing with the crisis message', () => {
    expect(scores.crisisFound).toBe(scores.crisisTotal);
  });
});

describe('the corpus files', () => {
  it('hold no phrasing twice, within or across splits, so the held-out split stays unseen', () => {
    const seen = new Map<string, string>();
    const repeated: string[] = [];
    for (const lang of ['en', 'es'] as const) {
      for (const split of SPLITS) {
        for (const { transcript } of readExamples(corpusFile(lang, split))) {
          const key = `${lang}:${transcript.toLowerCase()}`;
          if (seen.has(key)) repeated.push(`${lang} ${split} repeats ${seen.get(key)}`);
          else seen.set(key, split);
        }
      }
    }
    // Only where each repeat is, never the held-out line itself.
    expect(repeated).toEqual([]);
  });
});
