import { REQUEST_INTENTS, TOPIC_IDS, type Intent } from '../../src/content/topics';
import type { Prompts } from '../../src/content/schema';
import { buildMatcher } from '../../src/speech/matcher';
import { testPrompts } from '../support/harness';

const en = testPrompts().en;
const matcher = buildMatcher(en);
const es = testPrompts().es!;
const esMatcher = buildMatcher(es);
/** By the prompts' words alone: without what callers said (prompts/examples/), which the learnt model also learns from. */
const byWordsAlone = buildMatcher({ ...en, examples: [] });
const intentOf = (transcript: string, confidence?: number) => matcher.match(transcript, confidence).intent;

/** A clear Twilio confidence, and one below what the line trusts on its own. */
const CLEAR = 0.9;
const SHAKY = 0.2;

describe('priority: danger, then the other language, then a person, then the topics', () => {
  it('words of danger win over a question in the same breath', () => {
    expect(intentOf('how much does it cost i just want to kill myself')).toBe('crisis');
    expect(intentOf('do you drug test because i took a bunch of pills')).toBe('crisis');
  });

  it('danger is heard even with a word inside the phrase and at a shaky confidence', () => {
    expect(intentOf('i really want to end my whole life', SHAKY)).toBe('crisis');
  });

  it('a request for a person wins over a topic', () => {
    expect(intentOf('i want to talk to someone about the cost')).toBe('intake');
    expect(intentOf('how do i sign my son up for the i o p')).toBe('intake');
  });

  it('asking for the other language wins over asking for a person', () => {
    expect(intentOf('do you have someone who speaks spanish')).toBe('language');
  });
});

describe('topics', () => {
  it.each([
    ['what does i owe p stand for', 'what-is-iop'],
    ['is it group therapy or one on one', 'program'],
    ['do you accept medic aid', 'cost'],
    ['um yeah how long does it go for', 'length'],
    ['do they teach real apps prevention', 'curriculum'],
    ['do you guys do UAs', 'drug-testing'],
  ] as const)('"%s" is about %s', (transcript, topic) => {
    expect(intentOf(transcript, CLEAR)).toBe(topic);
  });

  it('a question keyword ("how often") yields to what is asked about ("drug test")', () => {
    expect(intentOf('how often do you do drug tests')).toBe('drug-testing');
  });

  it('a word that is part of a longer phrase does not count on its own ("car insurance" is not our cost)', () => {
    expect(intentOf('i need to renew my car insurance')).toBeNull();
  });

  it('everyday words that danger also uses answer the question ("Blue Cross" is not "he is blue")', () => {
    expect(intentOf("he's got the blue cross through his work at the plant", CLEAR)).toBe('cost');
    expect(intentOf('how long is he gonna be gone each time', CLEAR)).toBe('length');
    expect(intentOf("i'm so exhausted how many days a week do i have to come", CLEAR)).toBe('length');
    expect(intentOf('do they teach mindfulness and breathing stuff for stress', CLEAR)).toBe('curriculum');
    expect(intentOf('is it every day or just a few days cause i am running on fumes', CLEAR)).toBe('length');
    // ...while the same words said of danger still are.
    expect(intentOf("he's turning blue", CLEAR)).toBe('crisis');
    expect(intentOf("she's breathing real slow", CLEAR)).toBe('crisis');
    expect(intentOf('i just want to be gone', CLEAR)).toBe('crisis');
    expect(intentOf("i'm desperate can i talk to someone", CLEAR)).toBe('crisis');
    expect(intentOf('death would be easier', CLEAR)).toBe('crisis');
    // "La corte" (the court) read without its accent holds "me corté" with a word inside: a caller the
    // court sent ("me mandó la corte") got the crisis message.
    expect(esMatcher.match('me ordenó la corte que viniera cuántas semanas dura', CLEAR).intent).toBe('length');
    expect(esMatcher.match('me mandaron de la corte cuántas semanas son', CLEAR).intent).toBe('length');
    expect(esMatcher.match('me corté la muñeca', CLEAR).intent).toBe('crisis');
  });

  it('everyday idioms around a word of danger are not danger (speech.aliases, cues); the same words said of danger are', () => {
    // "roped in", "get it done", a loss long past.
    expect(intentOf('does family get roped in', CLEAR)).not.toBe('crisis');
    expect(intentOf('where do i get my dot physical done', CLEAR)).not.toBe('crisis');
    expect(esMatcher.match('mi papá se murió hace años y desde ahí tomo mucho qué enseñan en las clases', CLEAR).intent).toBe('curriculum');
    expect(intentOf("i'm done i can't do this no more", CLEAR)).toBe('crisis');
    expect(intentOf("there's a rope in my closet", CLEAR)).toBe('crisis');
    expect(esMatcher.match('creo que se murió', CLEAR).intent).toBe('crisis');
    // Dramatic everyday idioms (speech.aliases): "dead broke", "el precio me va a matar".
    expect(intentOf("no insurance and i'm dead broke what do i do about paying", CLEAR)).toBe('cost');
    expect(esMatcher.match('ay el precio me va a matar cuánto sale esto sin aseguranza', CLEAR).intent).toBe('cost');
    expect(esMatcher.match('mi carro está muerto en la carretera necesito una grúa', CLEAR).intent).not.toBe('crisis');
    // ...but only those: the same words said of danger are still danger (a safety review's probes).
    expect(intentOf('i have to give up my life', CLEAR)).toBe('crisis');
    expect(intentOf("i'm so hot i'm dying after the molly", CLEAR)).toBe('crisis');
    expect(intentOf('i nearly had a heart attack from the coke', CLEAR)).toBe('crisis');
    expect(esMatcher.match('lo encontré en el carro está muerto', CLEAR).intent).toBe('crisis');
    expect(esMatcher.match('mi esposo me tiene ahogada', CLEAR).intent).toBe('crisis');
    expect(esMatcher.match('unos compañeros me van a matar en el trabajo', CLEAR).intent).toBe('crisis');
  });

  it('a caller who cannot speak freely hears the crisis message even while asking something else', () => {
    expect(intentOf("i can't talk freely how much does it cost", CLEAR)).toBe('crisis');
  });

  it('hours a week in all is a question about the program (whose answer gives them), not about how long', () => {
    expect(intentOf('about how many hours all told in a week is he gonna be in there', CLEAR)).toBe('program');
    expect(esMatcher.match('cuántas horas a la semana', CLEAR).intent).toBe('program');
  });
});

describe('a question back rather than a wrong answer', () => {
  it('two topics heard about equally: no answer, and the match names both', () => {
    // By the prompts' words alone. What callers said (prompts/examples/) may settle it between the
    // two (below, "the learnt second opinion"), never for a third.
    // ("Every day" where "daily" is: the model learnt from the prompts' own words now leans that to how long.)
    const match = byWordsAlone.match('is it expensive and is it daily');
    expect(match.intent).toBeNull();
    expect(match.reason).toBe('close');
    expect(['cost', 'length']).toContain(match.runnerUp);
  });

  it('a single cue is not enough; a keyword is', () => {
    expect(intentOf('my cousin told me about a program')).toBeNull();
    expect(intentOf('insurance')).toBe('cost');
  });

  it.each(["what's the weather", 'tell me a joke', 'uh', 'hello hello', 'is this pizza hut', 'testing testing one two three'])(
    'off-topic or nonsense gets no answer and no transfer: "%s"',
    (transcript) => {
      expect(intentOf(transcript)).toBeNull();
    },
  );

  it('nothing the line knows reads as "nothing", with a score of 0', () => {
    expect(matcher.match('um uh')).toEqual({ intent: null, score: 0, reason: 'nothing' });
  });
});

describe("Twilio's Confidence", () => {
  it('a shaky transcript is answered on a plain keyword, not on a question keyword alone', () => {
    expect(intentOf('what time', CLEAR)).toBe('length');
    expect(intentOf('what time', SHAKY)).toBeNull();
    expect(intentOf('insurance', SHAKY)).toBe('cost');
  });

  it('an unknown confidence counts as a clear one', () => {
    expect(intentOf('what time')).toBe('length');
  });
});

describe('words said on their own', () => {
  it('a menu number said alone picks that choice; inside a sentence it does not', () => {
    expect(intentOf('three')).toBe('cost');
    expect(intentOf('option six')).toBe('drug-testing');
    // By the prompts' words alone: the learnt model may read a sentence the rules leave alone.
    expect(byWordsAlone.match('i have three kids').intent).toBeNull();
  });

  it('"again" alone asks to hear it again', () => {
    expect(intentOf('again')).toBe('repeat');
  });

  it('words of hearing it again ("said", "that") ask for it only in so many words, not scattered through a sentence', () => {
    expect(intentOf('could you say that again')).toBe('repeat');
    expect(intentOf('she said that he could come')).not.toBe('repeat');
    expect(intentOf('my son finally said that he wants to go')).not.toBe('repeat');
  });

  it('an ordinal said alone picks from the list the line reads, in the keypad\'s order', () => {
    expect(intentOf('the second thing')).toBe('program');
    expect(intentOf('uh the fourth option')).toBe('length');
    expect(esMatcher.match('la segunda').intent).toBe('program');
    expect(esMatcher.match('lo quinto').intent).toBe('curriculum');
    // "Un segundo" is "hold on", not the second choice.
    expect(esMatcher.match('un segundo').intent).toBeNull();
  });
});

describe('every score is between 0 and 1', () => {
  it.each(['', 'cost', 'how much does it cost how much does it cost insurance medicaid copay', 'i want to die'])('"%s"', (t) => {
    const { score } = matcher.match(t);
    expect(score).toBeGreaterThanOrEqual(0);
    expect(score).toBeLessThanOrEqual(1);
  });
});

describe('clinic staff teach the line in prompts/, without code', () => {
  it('a keyword added to a topic is understood at once', () => {
    const before = buildMatcher(en).match('quillfeather').intent;
    const taught: Prompts = { ...en, topics: { ...en.topics, cost: { ...en.topics.cost, keywords: [...en.topics.cost.keywords, 'quillfeather'] } } };
    expect(before).toBeNull();
    expect(buildMatcher(taught).match('quillfeather').intent).toBe('cost');
  });

  const examples: [Intent, string][] = [
    ...TOPIC_IDS.flatMap((id) => en.topics[id].phrases.map((p): [Intent, string] => [id, p])),
    ...REQUEST_INTENTS.flatMap((id) => en.intents[id].phrases.map((p): [Intent, string] => [id, p])),
  ];
  it.each(examples)('the example phrase for %s, "%s", is understood as it', (intent, phrase) => {
    expect(intentOf(phrase)).toBe(intent);
  });
});

describe('a question about the program itself (speech.aboutProgram)', () => {
  it('danger cues inside it are what it asks about, not a sign of danger', () => {
    expect(intentOf('do you test for benzos and stuff like xanax')).toBe('drug-testing');
  });

  it('without the way of asking, the same danger cues still bring the crisis message', () => {
    expect(intentOf('benzos and stuff like xanax')).toBe('crisis');
  });

  it('a keyword of danger still wins over it', () => {
    expect(intentOf('do you test for fentanyl because he overdosed')).toBe('crisis');
  });

  it('is taught in prompts/, without code', () => {
    const untaught: Prompts = { ...en, speech: { ...en.speech, aboutProgram: [] } };
    expect(buildMatcher(untaught).match('do you test for benzos and stuff like xanax').intent).toBe('crisis');
  });
});

describe('danger denied in so many words (speech.aliases)', () => {
  it('lets the question after it be answered', () => {
    expect(intentOf("i'm not suicidal or nothing i just wanna know how much this costs", CLEAR)).toBe('cost');
    expect(esMatcher.match('no es una emergencia pero tengo un paciente que quiere empezar el lunes con quién hablo', CLEAR).intent).toBe('intake');
  });

  it('is still a faint sign of danger: said with nothing else the line understands, the crisis message', () => {
    expect(intentOf("i'm not suicidal", CLEAR)).toBe('crisis');
    expect(intentOf("it's not an emergency", CLEAR)).toBe('crisis');
    expect(esMatcher.match('no estoy en peligro', CLEAR).intent).toBe('crisis');
  });

  it('never hides danger named beside it', () => {
    expect(intentOf("it's not an emergency but he's not breathing", CLEAR)).toBe('crisis');
    expect(intentOf("i'm not suicidal but i took forty pills", CLEAR)).toBe('crisis');
    expect(esMatcher.match('no es una emergencia pero mi hijo no respira', CLEAR).intent).toBe('crisis');
  });
});

describe("the program's own names (speech.programName)", () => {
  // Examples where "intensive outpatient" is heard only in questions of what IOP is, as callers' lines mostly hear it.
  const ex = (label: string, ...texts: string[]) => texts.map((transcript) => ({ label, transcript }));
  const examples = [
    ...ex('what-is-iop', 'what is intensive outpatient', 'what does intensive outpatient mean', 'tell me about intensive outpatient',
      'intensive outpatient what is that', 'explain intensive outpatient to me', 'is intensive outpatient like rehab'),
    ...ex('length', 'how long is the program', 'how long does it last', 'how many weeks is it'),
    ...ex('cost', 'how much does it cost', 'do you take insurance'),
  ];
  const taught = (programName: string[]) => buildMatcher({ ...en, examples, speech: { ...en.speech, programName } });
  const howLong = 'how long is the intensive outpatient program';

  it("do not make the learnt model doubt another topic's answer: the name is what is asked about, not what is asked", () => {
    expect(taught(en.speech.programName).match(howLong, CLEAR)).toMatchObject({ intent: 'length', reason: 'clear' });
    expect(taught(en.speech.programName).match('what days is the intensive outpatient', CLEAR).intent).toBe('length');
  });

  it('are taught in prompts/, without code: untaught, the model hears what IOP is and the line asks again', () => {
    expect(taught([]).match(howLong, CLEAR)).toMatchObject({ intent: null, reason: 'doubt', runnerUp: 'length' });
  });

  it('still say what IOP is when that is the question', () => {
    expect(taught(en.speech.programName).match('what is the intensive outpatient', CLEAR).intent).toBe('what-is-iop');
  });
});

describe('parts of the program (speech.programParts)', () => {
  // By the prompts' words alone, so that what is pinned is the rule, not what the model learnt.
  const withParts = (programParts: string[]) => buildMatcher({ ...en, examples: [], speech: { ...en.speech, programParts } });
  const esByWords = buildMatcher({ ...es, examples: [] });

  it("said beside another topic's words, are what the question is about: the question is that topic's", () => {
    expect(withParts(en.speech.programParts).match('how much is the group therapy part', CLEAR).intent).toBe('cost');
    expect(withParts(en.speech.programParts).match('how long does the individual therapy last', CLEAR).intent).toBe('length');
    expect(esByWords.match('cuánto cuesta la terapia individual', CLEAR).intent).toBe('cost');
  });

  it('are taught in prompts/, without code: untaught, the part outweighs the question', () => {
    expect(withParts([]).match('how much is the group therapy part', CLEAR).intent).toBe('program');
  });

  it('still answer the program when nothing else is asked of them', () => {
    expect(withParts(en.speech.programParts).match('is it group therapy or individual', CLEAR).intent).toBe('program');
    expect(withParts(en.speech.programParts).match('are there family sessions', CLEAR).intent).toBe('program');
  });
});

describe('hours counted by the week (speech.weeklyHours)', () => {
  const withWeeklyHours = (weeklyHours: Prompts['speech']['weeklyHours']) => buildMatcher({ ...en, speech: { ...en.speech, weeklyHours } });
  const untaught = withWeeklyHours({ hours: [], week: [], unless: [] });

  it('ask what the program totals, whose answer gives the hours a week, not how long a session runs', () => {
    expect(intentOf('how many hours is it total every week', CLEAR)).toBe('program');
    expect(intentOf('how many hours do i put in each week altogether', CLEAR)).toBe('program');
  });

  it("are not the program's when a day or a session is counted too, or when the cost is asked", () => {
    expect(intentOf('how many hours a day and how many days a week', CLEAR)).toBe('length');
    expect(intentOf('how many hours is each session', CLEAR)).toBe('length');
    expect(intentOf('how much is it per week for the nine hours', CLEAR)).not.toBe('program');
  });

  it('are taught in prompts/, without code: untaught, the line answers how long', () => {
    expect(untaught.match('how many hours is it total every week', CLEAR).intent).toBe('length');
    expect(untaught.match('how many hours do i put in each week altogether', CLEAR).intent).toBe('length');
  });
});

describe('a topic the caller sets aside (speech.notAsked)', () => {
  // By the prompts' words alone: the learnt model may doubt a correction it has few examples of.
  const esByWordsAlone = buildMatcher({ ...es, examples: [] });
  const setAside = "i'm not asking about the cost how many weeks is it";

  it('is not what the caller asks about when another topic is named after it', () => {
    expect(byWordsAlone.match(setAside, CLEAR)).toMatchObject({ intent: 'length', reason: 'clear' });
    expect(esByWordsAlone.match('no me hable del horario qué enseñan', CLEAR)).toMatchObject({ intent: 'curriculum', reason: 'clear' });
    // The rules' answer is how long; the learnt model, which reads no "not", doubts it (since round 80's
    // words) and the caller is asked again rather than told the cost.
    const corrected = esByWordsAlone.match('no le pregunto cuánto cuesta le pregunto cuánto dura', CLEAR);
    expect(corrected.reason === 'doubt' ? corrected.runnerUp : corrected.intent).toBe('length');
  });

  it('lends none of its own words to a topic, but keeps one that begins with them ("not the" reads as "not": "ways to not drink")', () => {
    expect(matcher.match('ways to not drink', CLEAR).intent).toBe('curriculum');
    // What the rules settle on (the model taught no examples may still doubt it): what you learn.
    const m = esByWordsAlone.match('ya sé que hacen pruebas pero qué aprende uno en el programa', CLEAR);
    expect(m.reason === 'doubt' ? m.runnerUp : m.intent).toBe('curriculum');
  });

  it('still counts when nothing else is asked after it', () => {
    expect(byWordsAlone.match("i'm not asking how much it costs", CLEAR).intent).toBe('cost');
  });

  it('is taught in prompts/, without code', () => {
    const untaught = buildMatcher({ ...en, examples: [], speech: { ...en.speech, notAsked: [] } });
    expect(untaught.match(setAside, CLEAR).reason).not.toBe('clear');
  });
});

describe('a topic the caller takes back (speech.takenBack)', () => {
  const esByWordsAlone = buildMatcher({ ...es, examples: [] });
  // What the rules settle on; the learnt model, which reads no order, may still doubt it.
  const settled = (m: { intent: string | null; reason: string; runnerUp?: string }) => (m.reason === 'doubt' ? m.runnerUp : m.intent);

  it('is not what the caller asks about when another topic is named after the words that take it back', () => {
    expect(settled(byWordsAlone.match("what do you learn no sorry what's the price", CLEAR))).toBe('cost');
    expect(settled(esByWordsAlone.match('cuánto dura digo cuánto cuesta', CLEAR))).toBe('cost');
  });

  it('still counts when nothing else is named after them, and what is named again after them stays', () => {
    expect(byWordsAlone.match('how much is it no sorry', CLEAR).intent).toBe('cost');
    expect(settled(byWordsAlone.match('what do you learn and how much is it no sorry how much is it', CLEAR))).toBe('cost');
  });

  it('is taught in prompts/, without code', () => {
    const untaught = buildMatcher({ ...en, examples: [], speech: { ...en.speech, takenBack: [] } });
    expect(settled(untaught.match("what do you learn no sorry what's the price", CLEAR))).toBe('curriculum');
  });
});

describe('replies that ask nothing (speech.nothingAsked)', () => {
  it('are asked again, not answered and not given the crisis message', () => {
    expect(matcher.match("no i'm good")).toMatchObject({ intent: null, reason: 'nothing' });
    expect(matcher.match('um i dont know')).toMatchObject({ intent: null, reason: 'nothing' });
    expect(esMatcher.match('no sé')).toMatchObject({ intent: null, reason: 'nothing' });
  });

  it('count only as the whole reply: a question that starts with one is answered', () => {
    expect(intentOf("i don't know how much it costs")).toBe('cost');
    expect(intentOf("i don't know do you take my insurance")).toBe('cost');
  });

  it('are taught in prompts/, without code', () => {
    const taught: Prompts = { ...en, speech: { ...en.speech, nothingAsked: [...en.speech.nothingAsked, 'the price'] } };
    expect(intentOf('the price')).toBe('cost');
    expect(buildMatcher(taught).match('the price')).toMatchObject({ intent: null, reason: 'nothing' });
  });

  it('never silence words of danger, even listed by mistake', () => {
    const mistaken: Prompts = { ...en, speech: { ...en.speech, nothingAsked: [...en.speech.nothingAsked, 'i want to die'] } };
    expect(buildMatcher(mistaken).match('i want to die').intent).toBe('crisis');
  });
});

describe('danger said in the same breath as a question or a request', () => {
  it('is danger, even when the danger is told as past', () => {
    // A rule that answered the question instead was built and retired (README, "Speech understanding"):
    // reviews kept finding present danger it let through.
    expect(intentOf("my son od'd two years ago would they test him random or on a schedule")).toBe('crisis');
    expect(esMatcher.match('mi hijo tuvo una sobredosis hace dos años cuánto cuesta el programa').intent).toBe('crisis');
  });

  /** Every crisis line learnt from and heard as danger alone, put in each frame, that is no longer danger there. */
  const leaks = (lang: 'en' | 'es', frames: ((line: string) => string)[], notWordsOfDanger: readonly string[] = []) => {
    const prompts = testPrompts()[lang]!;
    const m = lang === 'en' ? matcher : esMatcher;
    // One word ("help", "ayuda"), and what prompts list as danger only when said alone (reason
    // "clear": "I need, I need somebody"), are danger only alone, by design. So is "um I um took um":
    // with a question around it, it is another sentence ("I took... how much does it cost").
    const aloneOnly = new Set(['um i um took um', ...notWordsOfDanger]);
    const crises = prompts.examples
      .filter((e) => e.label === 'crisis' && e.transcript.trim().includes(' ') && !aloneOnly.has(e.transcript))
      .filter((e) => {
        const heard = m.match(e.transcript);
        return heard.intent === 'crisis' && heard.reason !== 'clear';
      })
      .map((e) => e.transcript);
    expect(crises.length).toBeGreaterThan(400);
    return crises.flatMap((line) => frames.map((frame) => frame(line))).filter((t) => m.match(t).intent !== 'crisis');
  };

  it('every crisis line the line learnt from and hears as danger alone is still danger with a question or a request around it', () => {
    expect(leaks('en', [(l) => `${l} how much does it cost`, (l) => `hi i have a question ${l} can i talk to someone`, (l) => `how long is the program ${l}`])).toEqual([]);
    expect(leaks('es', [(l) => `${l} cuánto cuesta el programa`, (l) => `tengo una pregunta ${l} quiero hablar con alguien`])).toEqual([]);
  });

  it('is still danger beside an aside to the room or another question the rules answer', () => {
    // An off-topic aside or a question the rules answer outweighs one sign of danger, and pulls the
    // learnt model away from danger it alone had heard (a review found "súbele a la radio" and "is
    // that accepted" hiding it). Lines whose danger is in everyday words no rule can safely list
    // ("catch the bus tonight", "si es que sigo aquí") are danger when said alone only.
    const everydayWords = [
      "i think i'm gonna catch the bus tonight",
      "what time y'all open tomorrow cause i don't think i'm gonna make it to tomorrow",
      "yeah how long's the program cause i don't think i'm gonna last the night",
      "does the insurants cover it i just wanna know before i before i go cause i'm not planning to stick around",
      'haha im good im good scratch that i was only thinking about jumping',
    ];
    const palabrasDeTodosLosDias = [
      'oiga oiga este ya me tome la botella y las de mi ama las del azucar',
      'ya le di mi perro a la vecina y le deje las llaves a mi mamá',
      'cuánto dura el programa digo si es que sigo aquí para la otra semana',
      'usted cree que alguien pueda cuidar a mis hijos cuando yo ya no esté porque ya es esta semana',
      'cuánto sale el programa ese aunque pues no creo que yo llegue a la primera cita la verdad',
      'buenas noches quisiera información del horario de la noche aunque no sé para qué si hoy lo voy a terminar todo',
    ];
    expect(leaks('en', [(l) => `${l} sorry my dinner reservation`, (l) => `hold on ${l} my primary care appointment`, (l) => `what are the payment options ${l}`], everydayWords)).toEqual([]);
    expect(leaks('es', [(l) => `${l} cuánto dura cada sesión`, (l) => `espere ${l} el curso de inglés`], palabrasDeTodosLosDias)).toEqual([]);
  });
});

describe('a sentence partly about something else', () => {
  it('is not given the crisis message for words that merely belong to danger; words of danger still count', () => {
    expect(intentOf('i think i dialed wrong i was trying to get the d m v')).not.toBe('crisis');
    // One sign of danger still counts there, as in any sentence the line understood nothing else of.
    expect(intentOf("i have a plan and i'm at the walmart")).toBe('crisis');
    expect(intentOf("i'm at the d m v and i took all my pills")).toBe('crisis');
  });

  it('is not answered for being like an example phrase ("cuánto dura el partido" is like "cuánto dura el programa")', () => {
    expect(esMatcher.match('cuánto dura el partido').intent).toBeNull();
  });

  it('is not put through to intake for holding words of a request: staff would take a call nobody needed', () => {
    const offTopic = (...phrases: string[]): Prompts => ({ ...en, speech: { ...en.speech, offTopic: [...en.speech.offTopic, ...phrases] } });
    expect(intentOf('can i talk to someone about the library card')).toBe('intake');
    expect(buildMatcher(offTopic('library card')).match('can i talk to someone about the library card').intent).toBeNull();
  });

  it('is answered when only those words held a clear answer back and the examples are all but certain of it; asked again otherwise', () => {
    // "Car wash" is another business: "evening groups" asks how long it lasts (its schedule), the rest is the car wash's.
    expect(matcher.match('do you have evening groups i work days at the car wash')).toMatchObject({ intent: 'length', reason: 'learned' });
    expect(matcher.match('how long is the car wash open')).toMatchObject({ intent: null, runnerUp: 'length' });
    // On a shaky transcript the rules' bar stands.
    expect(matcher.match('do you have evening groups i work days at the car wash', SHAKY).intent).toBeNull();
  });

  it('is still put through when anything of the clinic is heard in it too', () => {
    const offTopic = buildMatcher({ ...en, speech: { ...en.speech, offTopic: [...en.speech.offTopic, 'parking ticket'] } });
    expect(offTopic.match('can i talk to someone i got a parking ticket and i relapsed').intent).toBe('intake');
  });
});

describe('what callers said (prompts/examples/): the learnt second opinion', () => {
  const withExamples = (rows: [string, string][]): Prompts => ({ ...en, examples: [...en.examples, ...rows.map(([label, transcript]) => ({ label, transcript }))] });
  const taught = (rows: [string, string][], transcript: string, confidence?: number) => buildMatcher(withExamples(rows)).match(transcript, confidence);
  const times = (label: string, texts: string[]): [string, string][] => texts.map((t) => [label, t]);

  it('answers a way of asking no rule lists, once staff add examples of it', () => {
    const sentence = 'zorbly flimflam please';
    expect(matcher.match(sentence).intent).toBeNull();
    const match = taught(times('cost', ['zorbly flimflam', 'the zorbly flimflam please', 'is there a zorbly flimflam', 'any zorbly flimflam']), sentence);
    expect(match).toMatchObject({ intent: 'cost', reason: 'learned' });
  });

  it('settles two answers too close to call between them, as what callers said leans', () => {
    const sentence = 'is it expensive and is it every day';
    expect(['cost', 'length', null]).toContain(matcher.match(sentence).intent);
    // Enough examples to outweigh the thousands of others, as staff would add for a wording they keep hearing.
    const rows = times('cost', [
      'is it expensive and is it every day', 'is it expensive is it every day', 'expensive and every day', 'is it every day and expensive',
      'is it expensive and every day', 'expensive is it every day', 'every day and is it expensive', 'is it every day is it expensive',
    ]);
    expect(taught(rows, sentence)).toMatchObject({ intent: 'cost', reason: 'learned' });
  });

  it('replays the last answer on its word alone only when all but certain: an aside to the room with "again" in it is asked again', () => {
    // The model has heard "again" mostly in requests to hear it again; no rule hears one here.
    expect(matcher.match('oh my god the kids are screaming again')).toMatchObject({ intent: null });
    const sentence = 'zorbly flimflam please';
    const match = taught(times('repeat', ['zorbly flimflam', 'the zorbly flimflam please', 'zorbly flimflam once more', 'a zorbly flimflam', 'zorbly flimflam that', 'zorbly flimflam it']), sentence);
    expect(match).toMatchObject({ intent: 'repeat', reason: 'learned' });
  });

  it('never switches language on a guess: "blah blah" is not "hablar"', () => {
    const rows = times('spanish', ['ah blah espanyol', 'blah espanyol', 'yo blah espanyol', 'blah blah espanyol']);
    expect(taught(rows, 'blah blah').intent).not.toBe('language');
  });

  it('does not answer from examples alone when Twilio was unsure of the words', () => {
    const rows = times('cost', ['zorbly flimflam', 'the zorbly flimflam please', 'is there a zorbly flimflam', 'any zorbly flimflam']);
    expect(taught(rows, 'zorbly flimflam please', SHAKY).intent).toBeNull();
  });

  it('hears danger worded in a way no rule lists', () => {
    const sentence = 'gonna ride the zorbly bus';
    expect(matcher.match(sentence).intent).not.toBe('crisis');
    const rows = times('crisis', ['the zorbly bus is coming', 'zorbly bus is coming for me', 'i will ride the zorbly bus', 'the zorbly bus at last']);
    expect(taught(rows, sentence).intent).toBe('crisis');
  });

  it('a lone cue of danger yields to a question the examples are near certain of; "pills" alone, or "I took pills", does not', () => {
    expect(matcher.match('my son is on pills is this the right program for him')).toMatchObject({ intent: 'what-is-iop', reason: 'learned' });
    expect(intentOf('pills')).toBe('crisis');
    expect(intentOf('i took pills')).toBe('crisis');
  });

  it('asks again, rather than answer, when examples say a sentence the rules would answer is about something else', () => {
    const sentence = 'how long is the zorbfest';
    expect(matcher.match(sentence).intent).toBe('length');
    const rows = times('none', ['how long is zorbfest', 'when does the zorbfest end', 'the zorbfest route downtown', 'is the zorbfest long']);
    expect(taught(rows, sentence)).toMatchObject({ intent: null, reason: 'doubt', runnerUp: 'length' });
  });

  it("asks again when an answer rests only on ways of asking and cues and the rest is, to the examples, another business's", () => {
    const rows = times('none', ['zorbfest tickets', 'the zorbfest downtown']);
    const m = buildMatcher(withExamples(rows));
    expect(m.match('what time does the zorbfest start')).toMatchObject({ intent: null, reason: 'doubt', runnerUp: 'length' });
    expect(m.match('how long is the zorbfest')).toMatchObject({ intent: null, reason: 'doubt', runnerUp: 'length' });
    expect(m.match('what time does the evening group start').intent).toBe('length');
  });

  it('does not doubt an answer for the question keyword that alone holds it, only for the rest of the sentence', () => {
    // Callers' lines hold "how often" mostly beside words of drug testing, so the model gives the
    // whole sentence little chance of being how long; the rest, "do i go", does not doubt it.
    expect(matcher.match('how often do i go', CLEAR)).toMatchObject({ intent: 'length', reason: 'clear' });
    // Where the rest is about something else, or about another topic, the doubt stands.
    expect(matcher.match('how often should i water my tomato plans', CLEAR)).toMatchObject({ intent: null, runnerUp: 'length' });
    expect(matcher.match('how often are the you wees', CLEAR)).toMatchObject({ intent: null, runnerUp: 'length' });
  });

  it("gives the rules' second answer when the examples doubt their first and are sure of it; never a second held by a cue alone", () => {
    const flimflam = ['zorbly flimflam', 'the zorbly flimflam please', 'is there a zorbly flimflam', 'any zorbly flimflam', 'zorbly flimflam how long', 'how long zorbly flimflam',
      'and the zorbly flimflam', 'zorbly flimflam and how long', 'what about zorbly flimflam'];
    // "How much is it" is a question keyword of cost: the rules' second answer, behind "how long".
    const twoQuestions = 'how much is it and how long the zorbly flimflam';
    expect(matcher.match(twoQuestions)).toMatchObject({ intent: 'length', reason: 'clear' });
    expect(taught(times('cost', flimflam), twoQuestions)).toMatchObject({ intent: 'cost', reason: 'learned' });
    // Only the answer the rules had second: examples sure of a third make the line ask again. (The
    // model's 0.9 bar is not pinned here: a handful of examples already make it far surer than that.)
    expect(taught(times('curriculum', flimflam), twoQuestions)).toMatchObject({ intent: null, reason: 'doubt', runnerUp: 'length' });
    // On a shaky transcript a second answer needs what a first would: a question keyword is not enough.
    expect(taught(times('cost', flimflam), twoQuestions, SHAKY)).toMatchObject({ intent: null, reason: 'doubt', runnerUp: 'length' });
    // "Intensive outpatient" is only a cue of what IOP is: the line asks again rather than guess. (Four
    // examples: with five, the model is beyond its bar for answering in the rules' place, below. Without
    // the program's name, which the model does not hold against another answer, it names how long first.)
    const namesTheProgram = 'how long does the zorbly flimflam last at the intensive outpatient';
    expect(matcher.match(namesTheProgram)).toMatchObject({ intent: 'length', reason: 'clear' });
    const nameless = { ...withExamples(times('what-is-iop', flimflam.slice(0, 4))), speech: { ...en.speech, programName: [] } };
    expect(buildMatcher(nameless).match(namesTheProgram)).toMatchObject({ intent: null, reason: 'doubt', runnerUp: 'length' });
    expect(taught(times('what-is-iop', flimflam.slice(0, 4)), namesTheProgram)).toMatchObject({ intent: 'length', reason: 'clear' });
  });

  it("answers for the rules when the examples doubt their answer and are all but certain of another; never on a shaky transcript", () => {
    // Every way of saying it the examples hold is what you learn, and none is how long: the model is
    // beyond its overrule bar, where a handful of examples (above) leave it short of it.
    const zorbly = ['zorbly flimflam', 'the zorbly flimflam please', 'is there a zorbly flimflam', 'any zorbly flimflam', 'zorbly flimflam how long', 'how long zorbly flimflam',
      'and the zorbly flimflam', 'zorbly flimflam and how long', 'what about zorbly flimflam'];
    const sure = times('curriculum', [...zorbly, ...zorbly.map((t) => `${t} today`), ...zorbly.map((t) => `so ${t}`), ...zorbly.map((t) => `${t} then`)]);
    const sentence = 'how long the zorbly flimflam';
    expect(matcher.match(sentence)).toMatchObject({ intent: 'length', reason: 'clear' });
    expect(taught(sure, sentence)).toMatchObject({ intent: 'curriculum', reason: 'learned' });
    expect(taught(sure, sentence, SHAKY)).toMatchObject({ intent: null, reason: 'doubt', runnerUp: 'length' });
  });

  it('weighs a corrected question by what follows the correction, and still hears danger before it', () => {
    // Examples make "zorbly flimflam" a way of asking the cost; the caller takes it back and asks how long.
    const rows = times('cost', ['zorbly flimflam', 'the zorbly flimflam please', 'is there a zorbly flimflam', 'any zorbly flimflam', 'what about zorbly flimflam',
      'zorbly flimflam today', 'so zorbly flimflam', 'zorbly flimflam then']);
    expect(taught(rows, 'zorbly flimflam how long is it')).toMatchObject({ intent: null, reason: 'doubt', runnerUp: 'length' });
    expect(taught(rows, 'zorbly flimflam no sorry how long is it')).toMatchObject({ intent: 'length', reason: 'clear' });
    expect(taught(rows, 'i want to die no sorry how long is it').intent).toBe('crisis');
  });

  it('answers a question that holds words of starting, but never overrides a request for a person in so many words', () => {
    const rows = times('cost', ['zorbly flimflam', 'the zorbly flimflam please', 'is there a zorbly flimflam', 'any zorbly flimflam',
      'zorbly flimflam sign up', 'sign up zorbly flimflam', 'zorbly flimflam talk to someone', 'talk to someone zorbly flimflam',
      'talk to someone about zorbly flimflam', 'zorbly flimflam can i talk to someone', 'i want to talk to someone zorbly flimflam',
      'can i talk to someone zorbly flimflam', 'talk to someone the zorbly flimflam', 'someone to talk to zorbly flimflam']);
    // Taught these lines alone, beside a few of another topic (with every example line, how sure the
    // model is that a sentence is no request moves with each batch staff add), the model is near-certain
    // both sentences are about cost.
    const alone: Prompts = { ...en, examples: [...rows, ...times('length', ['how long is it', 'how many weeks', 'how many days a week'])].map(([label, transcript]) => ({ label, transcript })) };
    const taughtAlone = buildMatcher(alone);
    expect(taughtAlone.match('sign up zorbly flimflam')).toMatchObject({ intent: 'cost', reason: 'learned' });
    expect(taughtAlone.match('talk to someone zorbly flimflam')).toMatchObject({ intent: 'intake', reason: 'request' });
    // Without "talk to someone" among speech.askForPerson, the model would have answered it too.
    const withoutAsk = buildMatcher({ ...alone, speech: { ...en.speech, askForPerson: [] } });
    expect(withoutAsk.match('talk to someone zorbly flimflam')).toMatchObject({ intent: 'cost', reason: 'learned' });
  });

  it('does not doubt a keyword or example phrase of four words or more ("do you take my plan"): so specific a wording is the question', () => {
    const rows = times('none', ['take my plan to zorbfest', 'my plan at zorbfest', 'you take my plan at the zorbfest gate', 'zorbfest plan take', 'zorbfest my plan', 'zorbfest copay', 'copay at zorbfest gate']);
    // The same examples make the model doubt a one-word keyword of the same answer...
    expect(taught(rows, 'copay at zorbfest')).toMatchObject({ intent: null, reason: 'doubt', runnerUp: 'cost' });
    // ...but not the long keyword,
    expect(taught(rows, 'do you take my plan at zorbfest')).toMatchObject({ intent: 'cost', reason: 'clear' });
    // nor one of cost's example phrases ("do you take my insurance") heard inside a longer sentence.
    const phraseRows = times('none', ['take my insurance to zorbfest', 'my insurance at zorbfest', 'you take my insurance at the zorbfest gate', 'zorbfest insurance take', 'zorbfest my insurance', 'zorbfest copay', 'copay at zorbfest gate']);
    expect(taught(phraseRows, 'do you take my insurance at zorbfest')).toMatchObject({ intent: 'cost', reason: 'clear' });
  });
});
