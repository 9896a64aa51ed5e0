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

/** Prompt text with {name} placeholders the line fills in; a placeholder removed by mistake is caught at start-up. */
function template(...names: string[]) {
  const wanted = names.map((n) => `{${n}}`);
  return text.refine((s) => wanted.every((w) => s.includes(w)), { message: `must contain ${wanted.join(' and ')}` });
}

/** Connecting words for reading opening hours aloud (src/intake/hours.ts HoursWords). */
const hoursWords = z.object({
  through: text,
  and: text,
  today: text,
  tomorrow: text,
  on: text,
  at: text,
  always: text,
  never: text,
  allDay: text.optional(),
  everyDay: text.optional(),
});

/** What intake staff hear and read: always English, so only en.yaml has it (src/content/load.ts checks). */
export const staffSchema = z.object({
  whisper: z.object({
    intro: text,
    askedAbout: template('topics'),
    askedForPerson: text,
    notUnderstood: text,
    crisis: text,
    language: template('language'),
    languages: z.object({ es: text }),
    accept: text,
  }),
  voicemailSms: z.object({
    text: template('caller', 'time', 'length', 'asked', 'link'),
    askedAbout: template('topics'),
    askedForPerson: text,
    urgent: text,
    unknownCaller: text,
  }),
});

export type StaffWords = z.infer<typeof staffSchema>;

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
    hours: hoursWords,
    closed: z.object({ greeting: template('opening'), hours: template('hours'), never: text, crisisFollowUp: text }),
    afterHours: z.object({ connecting: text }),
    voicemail: z.object({
      takeMessage: text,
      prompt: text,
      crisisReminder: text,
      noMessage: text,
      thanksSoon: text,
      thanksLater: template('opening'),
    }),
    staff: staffSchema.optional(),
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
