import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import stringSimilarity from 'string-similarity';
import { REQUEST_INTENTS, TOPIC_IDS } from '../../src/content/topics';
import { buildPhraseIndex } from '../../src/speech/bigrams';
import { normalize } from '../../src/speech/matcher';
import { testPrompts } from '../support/harness';

/** Fixed, so a failure names a case that reproduces. */
const SEED = 7;

const corpusDir = path.join(__dirname, 'corpus');
const transcripts = fs
  .readdirSync(corpusDir)
  .flatMap((file) => fs.readFileSync(path.join(corpusDir, file), 'utf8').split('\n'))
  .filter((line) => line.trim() && !line.startsWith('#'))
  .map((line) => normalize(line.split('\t')[1] ?? ''));

const en = testPrompts().en;
const phrases = [...REQUEST_INTENTS.map((i) => en.intents[i]), ...TOPIC_IDS.map((t) => en.topics[t])]
  .flatMap((entry) => entry.phrases)
  .map(normalize);

describe('a phrase index built at start-up', () => {
  it('scores every corpus transcript against every prompt phrase exactly as string-similarity does', () => {
    const index = buildPhraseIndex(phrases);
    const differences: string[] = [];
    let pairs = 0;
    for (const transcript of transcripts) {
      index.similarities(transcript).forEach((got, i) => {
        const expected = stringSimilarity.compareTwoStrings(transcript, phrases[i]!);
        if (got !== expected) differences.push(`"${transcript}" vs "${phrases[i]}": ${got}, not ${expected}`);
        pairs++;
      });
    }
    expect(differences).toEqual([]);
    expect(pairs).toBeGreaterThan(10_000);
  });

  it('scores any strings exactly as string-similarity does: repeated letters, spaces, emoji, empty', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'n', ' ', '\t', 'é', '😀'), maxLength: 30 });
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 5 }), text, (indexed, heard) => {
        const expected = indexed.map((p) => stringSimilarity.compareTwoStrings(heard, p));
        expect([...buildPhraseIndex(indexed).similarities(heard)]).toEqual(expected);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});
