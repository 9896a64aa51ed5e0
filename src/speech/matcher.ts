import type { Prompts } from '../content/schema';
import { REQUEST_INTENTS, TOPIC_IDS, type Intent } from '../content/topics';
import { buildPhraseIndex } from './bigrams';

export interface Match {
  /** null: the line could not tell what the caller asked, and should ask again rather than guess. */
  intent: Intent | null;
  score: number;
}

export interface Matcher {
  match(transcript: string, confidence?: number): Match;
}

/** Below this, a match is a guess, and a wrong answer is worse than a question back. */
const MIN_SCORE = 0.5;
/** Transcripts are cut to this many characters: a caller's question fits, a runaway transcript costs nothing. */
const MAX_TRANSCRIPT_CHARS = 400;

export function normalize(text: string): string {
  return text
    .slice(0, MAX_TRANSCRIPT_CHARS)
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9' ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

interface IntentIndex {
  intent: Intent;
  phrases: string[];
  keywords: string[];
}

/** Text and keywords padded with a space on each side, so a keyword only matches whole words. */
function padded(text: string): string {
  return ` ${text} `;
}

/** Builds the matcher once, at start-up, from the phrases and keywords in the prompts file. */
export function buildMatcher(prompts: Prompts): Matcher {
  const entries: IntentIndex[] = [
    ...REQUEST_INTENTS.map((intent) => ({ intent, ...prompts.intents[intent] })),
    ...TOPIC_IDS.map((intent) => ({ intent, ...prompts.topics[intent] })),
  ].map(({ intent, phrases, keywords }) => ({
    intent,
    phrases: phrases.map(normalize),
    keywords: keywords.map((k) => padded(normalize(k))),
  }));
  const byIntent = new Map(entries.map((e) => [e.intent, e]));
  // Every phrase, entry after entry; each entry's scores are the next `phrases.length` of them.
  const phraseIndex = buildPhraseIndex(entries.flatMap((e) => e.phrases));

  // Takes the padded text, made once per turn: building it per keyword was most of a turn's garbage.
  function keywordHit(paddedText: string, intent: Intent): boolean {
    return byIntent.get(intent)!.keywords.some((k) => paddedText.includes(k));
  }

  return {
    match(transcript: string): Match {
      const text = normalize(transcript);
      if (!text) return { intent: null, score: 0 };
      // Danger first, then a request for a person: both outrank any question.
      const words = padded(text);
      if (keywordHit(words, 'crisis')) return { intent: 'crisis', score: 1 };
      if (keywordHit(words, 'intake')) return { intent: 'intake', score: 1 };

      const similarities = phraseIndex.similarities(text);
      let best: Match = { intent: null, score: 0 };
      let end = 0;
      for (const entry of entries) {
        const start = end;
        end += entry.phrases.length;
        if (entry.intent === 'crisis' || entry.intent === 'intake') continue;
        let similarity = 0;
        for (let i = start; i < end; i++) similarity = Math.max(similarity, similarities[i]!);
        const score = keywordHit(words, entry.intent) ? Math.max(similarity, 0.6) : similarity;
        if (score > best.score) best = { intent: entry.intent, score };
      }
      return best.score >= MIN_SCORE ? best : { intent: null, score: best.score };
    },
  };
}
