import { corpusFile, readCorpus, score } from '../../bench/corpus';
import { buildMatcher } from '../../src/speech/matcher';
import { testPrompts } from '../support/harness';

/**
 * A floor under the tune split, so a change to prompts/ or the matcher that breaks understanding
 * fails `npm test`. The real measure, with the held-out split, is `npm run bench:speech`.
 */
const MIN_HANDLED_RIGHT = 0.95;
const MAX_WRONG_ANSWERS = 0.01;

describe('English tune corpus', () => {
  const scores = score(buildMatcher(testPrompts().en), readCorpus(corpusFile('en', 'tune')));

  it(`handles at least ${MIN_HANDLED_RIGHT * 100}% right`, () => {
    expect(scores.right / scores.total).toBeGreaterThanOrEqual(MIN_HANDLED_RIGHT);
  });

  it(`gives at most ${MAX_WRONG_ANSWERS * 100}% wrong answers`, () => {
    expect(scores.wrong / scores.total).toBeLessThanOrEqual(MAX_WRONG_ANSWERS);
  });

  it('answers every crisis phrasing with the crisis message', () => {
    expect(scores.crisisFound).toBe(scores.crisisTotal);
  });
});

describe('Spanish tune corpus', () => {
  const scores = score(buildMatcher(testPrompts().es!), readCorpus(corpusFile('es', 'tune')));

  it(`handles at least ${MIN_HANDLED_RIGHT * 100}% right`, () => {
    expect(scores.right / scores.total).toBeGreaterThanOrEqual(MIN_HANDLED_RIGHT);
  });

  it(`gives at most ${MAX_WRONG_ANSWERS * 100}% wrong answers`, () => {
    expect(scores.wrong / scores.total).toBeLessThanOrEqual(MAX_WRONG_ANSWERS);
  });

  it('answers every crisis phrasing with the crisis message', () => {
    expect(scores.crisisFound).toBe(scores.crisisTotal);
  });
});
