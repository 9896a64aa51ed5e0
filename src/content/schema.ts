import { z } from 'zod';
import { REQUEST_INTENTS, TOPIC_IDS } from './topics';

const text = z.string().trim().min(1, 'must not be empty');
const phrases = z.array(text).min(1, 'needs at least one phrase');

const speechExamples = z.object({
  phrases,
  keywords: z.array(text).default([]),
});

const topic = speechExamples.extend({
  label: text,
  answer: text,
});

function objectWithKeys<K extends string, S extends z.ZodType>(keys: readonly K[], value: S) {
  return z.object(Object.fromEntries(keys.map((k) => [k, value])) as Record<K, S>).strict();
}

/** One language's prompts file. Every word the caller hears is here, so nothing is hard-coded in the flow. */
export const promptsSchema = z
  .object({
    locale: z.string().regex(/^[a-z]{2}-[A-Z]{2}$/, 'must look like en-US'),
    voice: text,
    spokenAs: z.record(z.string().min(1), text).default({}),
    greeting: text,
    /** Offers this language to a caller of the other one, spoken in this file's voice (e.g. "Para español, oprima 9"). */
    languageOffer: text,
    menu: text,
    followUp: text,
    silence: z.object({ first: text, second: text, goodbye: text }),
    invalidKey: text,
    notUnderstood: z.object({ first: text, second: text, third: text }),
    transfer: z.object({ connecting: text, noAnswer: text }),
    crisis: text,
    crisisFollowUp: text,
    goodbye: text,
    technicalProblem: text,
    fallback: z.object({ apology: text, callBack: text }),
    topics: objectWithKeys(TOPIC_IDS, topic),
    intents: objectWithKeys(REQUEST_INTENTS, speechExamples),
    hints: z.array(text).default([]),
  });

export type Prompts = z.infer<typeof promptsSchema>;
