import { z } from 'zod';
import { REQUEST_INTENTS, TOPIC_IDS } from './topics';

const text = z.string().trim().min(1, 'must not be empty');
/** A phrase or word the line listens for; a bare number in YAML (911, 12 step) is taken as its text. */
const term = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), text);
const phrases = z.array(term).min(1, 'needs at least one phrase');

const speechExamples = z.object({
  phrases,
  /** Words or short terms that, heard alone, point to this intent. */
  keywords: z.array(term).default([]),
  /** Words that lean toward this intent but need another sign before the line acts on them. */
  cues: z.array(term).default([]),
  /** Words that mean this intent only when said on their own ("groups", "three" for key 3). */
  alone: z.array(term).default([]),
});

/** Twilio's limits on Gather `hints` (warning 13330): at most 500 entries of at most 100 characters. */
const MAX_HINTS = 500;
const MAX_HINT_CHARS = 100;
const hint = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), text.max(MAX_HINT_CHARS)).refine((h) => !h.includes(','), 'must not contain a comma (hints are sent comma-separated)');

/**
 * How this language's telephone transcripts are cleaned before matching. Every word here is
 * specific to the language, so the matcher's code holds none.
 */
const speechRules = z
  .object({
    /** Sounds and stock phrases that carry no meaning (um, uh, I was wondering), and articles. */
    fillers: z.array(term).default([]),
    /** Whole words with an apostrophe and what they stand for (what's: what is). */
    contractions: z.record(z.string().min(1), text).default({}),
    /** A word the line knows → the ways the recognizer writes it when it mishears (detox: [d talks]). */
    aliases: z.record(z.string().min(1), z.array(term).min(1)).default({}),
    /** An acronym callers spell out → for each letter, the ways the recognizer writes that letter. */
    spelled: z.record(z.string().min(1), z.array(z.array(term).min(1)).min(2)).default({}),
    /** Plural endings stripped from every word before matching, so "tests" matches "test". */
    plurals: z.array(text).default([]),
    /** Word endings tried on a word the line does not know, to find one it does ("relapsing" → relapse). */
    endings: z.array(text).default([]),
    /**
     * Words a question starts with (how, what, is). A keyword that starts with one ("how long") says
     * how the caller asks, not what about: it decides alone but yields to another topic's keyword.
     */
    questionWords: z.array(text).default([]),
    /** Things callers say that are about something else (car insurance): they never count toward an answer. */
    offTopic: z.array(term).default([]),
    /**
     * Ways of asking about the program itself ("do you test for", "can someone who is hooked on"):
     * a sentence holding one is a question, so danger cues in it (pills, fentanyl) do not decide.
     * Danger keywords (overdose, not breathing) still do.
     */
    aboutProgram: z.array(term).default([]),
    /**
     * Replies that ask nothing when said on their own ("I'm good", "I don't know", "no sé"): the
     * caller is asked again. Never an answer, and never the crisis message the learnt model might
     * hear in them; words of danger are looked for first all the same.
     */
    nothingAsked: z.array(term).default([]),
    /**
     * Words that ask for a person in so many words ("a human", "a representative", "hablar con
     * alguien"): a sentence holding one goes to a person even when the learnt model is sure it is a
     * question, as it may be for one that only holds words of starting ("come in", "referred").
     */
    askForPerson: z.array(term).default([]),
    /**
     * Words that set a topic aside ("I'm not asking about", "I already know", "ya sé que", "no le
     * pregunto"): a topic named right after them, with another named later, is not what the caller
     * asks about.
     */
    notAsked: z.array(term).default([]),
    /**
     * Words that take back what was just asked ("no sorry", "scratch that", "digo", "no perdón", "más
     * bien"): a topic named before them, with another named after, is not what the caller asks about.
     */
    takenBack: z.array(term).default([]),
    /**
     * The program's own names ("IOP", "intensive outpatient"): what a question is about, not what it
     * asks. The learnt model, which hears them mostly in questions of what IOP is, does not doubt
     * another topic's answer for them: "how long is the intensive outpatient program" asks how long.
     */
    programName: z.array(term).default([]),
    /**
     * Parts of the program a question may be about ("group therapy", "the evening group", "terapia
     * individual"): like the names, what a question is about. Heard beside another topic's words
     * ("how much is the group therapy part", "how long does the individual therapy last"), the
     * question is that topic's.
     */
    programParts: z.array(term).default([]),
    /**
     * Hours counted by the week ask what the program totals (its answer gives the hours a week), not
     * how long a session runs: "how many hours is it total every week". A sentence with a word of
     * `hours` and one of the `week`, and none of `unless` (a day's, a session's count), is answered
     * as the program where the rules gave, or leaned to, how long. Empty lists: not used.
     */
    weeklyHours: z
      .object({ hours: z.array(term).default([]), week: z.array(term).default([]), unless: z.array(term).default([]) })
      .strict()
      .default({ hours: [], week: [], unless: [] }),
  })
  .strict();

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
    hints: z.array(hint).max(MAX_HINTS).default([]),
    speech: speechRules.prefault({}),
    /** What callers said and meant: read by loadPrompts from prompts/examples/ (src/content/examples.ts), never written here. */
    examples: z.array(z.object({ label: z.string(), transcript: z.string() })).default([]),
  });

export type Prompts = z.infer<typeof promptsSchema>;
