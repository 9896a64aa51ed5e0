import { REQUEST_INTENTS, TOPIC_IDS } from '../../src/content/topics';
import { LANGUAGES, type PromptLibrary } from '../../src/content/load';
import { normalizerFor } from '../../src/speech/matcher';
import { basicTokens, buildNormalizer } from '../../src/speech/normalize';
import { testPrompts } from '../support/harness';

/**
 * Checks on what staff write in prompts/, so a new phrasing does what they meant: these fail with
 * the file's words in the message, not with a wrong answer on a call.
 */
const library: PromptLibrary = testPrompts();

describe.each(LANGUAGES.filter((lang) => library[lang]))('%s speech vocabulary', (lang) => {
  const prompts = library[lang]!;
  const entries = [
    ...TOPIC_IDS.map((id) => [id, prompts.topics[id]] as const),
    ...REQUEST_INTENTS.map((id) => [id, prompts.intents[id]] as const),
  ];
  const terms = entries.flatMap(([id, e]) =>
    (['phrases', 'keywords', 'cues', 'alone'] as const).flatMap((kind) => e[kind].map((text) => ({ where: `${id}.${kind}`, text }))),
  );
  terms.push(...prompts.speech.offTopic.map((text) => ({ where: 'speech.offTopic', text })));
  terms.push(...prompts.speech.nothingAsked.map((text) => ({ where: 'speech.nothingAsked', text })));
  terms.push(...prompts.speech.askForPerson.map((text) => ({ where: 'speech.askForPerson', text })));
  terms.push(...prompts.speech.notAsked.map((text) => ({ where: 'speech.notAsked', text })));
  terms.push(...prompts.speech.takenBack.map((text) => ({ where: 'speech.takenBack', text })));
  terms.push(...prompts.speech.programName.map((text) => ({ where: 'speech.programName', text })));
  terms.push(...prompts.speech.programParts.map((text) => ({ where: 'speech.programParts', text })));
  for (const [list, texts] of Object.entries(prompts.speech.weeklyHours)) terms.push(...texts.map((text) => ({ where: `speech.weeklyHours.${list}`, text })));
  /** How the matcher reads an entry. */
  const read = normalizerFor(prompts).words;

  it('no entry holds sentence punctuation: a comment written inside a [list] after an entry turns its words into entries', () => {
    // YAML ends an entry's line at " #": "eh, # Said alone, a request..." made "alone" a request to hear it again.
    expect(terms.filter(({ text }) => /[;:]|\.(\s|$)/.test(text)).map(({ where, text }) => `${where}: "${text}"`)).toEqual([]);
  });

  it('no phrase or keyword holds a filler word, which would be dropped before matching ("just testing" would mean "testing")', () => {
    // Short single-word fillers are articles and hesitations ("a", "the", "um"): dropping those changes nothing.
    const fillers = prompts.speech.fillers.map(basicTokens).filter((f) => f.length > 1 || f[0]!.length > 3);
    const holding = terms.flatMap(({ where, text }) => {
      const words = basicTokens(text);
      return fillers.filter((f) => words.some((_, i) => f.every((w, k) => words[i + k] === w))).map((f) => `${where}: "${text}" holds "${f.join(' ')}"`);
    });
    expect(holding).toEqual([]);
  });

  it('no keyword is listed under two intents', () => {
    const words = buildNormalizer(prompts.speech).words;
    const owners = new Map<string, Set<string>>();
    for (const [id, e] of entries) {
      for (const keyword of e.keywords) {
        const key = words(keyword).join(' ');
        owners.set(key, (owners.get(key) ?? new Set()).add(id));
      }
    }
    const shared = [...owners].filter(([, ids]) => ids.size > 1).map(([k, ids]) => `"${k}": ${[...ids].join(', ')}`);
    expect(shared).toEqual([]);
  });

  it('no off-topic entry reads as one of the clinic\'s own words: every question holding it would be taken as off-topic', () => {
    // Off-topic entries are matched as the line reads them: "totaled" reads as "total", which would
    // have made "how much is it in total" a question about something else; "contacts" reads as
    // "contact" ("who do I contact"). Danger is looked for before anything is off-topic, so words of
    // danger ("order a pizza") may be shared.
    const answered = entries.filter(([id]) => id !== 'crisis');
    const clinicTerms = new Set(answered.flatMap(([, e]) => [...e.keywords, ...e.cues].map((t) => read(t).join(' '))));
    const clinicWords = new Set(answered.flatMap(([, e]) => [...e.keywords, ...e.cues].flatMap((t) => read(t))));
    const collisions = prompts.speech.offTopic
      .map((t) => ({ t, as: read(t) }))
      .filter(({ as }) => clinicTerms.has(as.join(' ')) || (as.length === 1 && clinicWords.has(as[0]!)))
      .map(({ t, as }) => `"${t}" reads as "${as.join(' ')}"`);
    expect(collisions).toEqual([]);
  });

  it('no off-topic entry reads as a lone letter: every sentence with that letter in it would be taken as partly about something else', () => {
    // "s a t" read as "t" (the "a" is dropped, the "s" read as a plural's): "is it like see bee tee or
    // d v t" was asked again instead of answered.
    const lone = (words: string[]) => words.length === 1 && words[0]!.length === 1;
    expect(prompts.speech.offTopic.filter((t) => lone(read(t))).map((t) => `"${t}" reads as "${read(t).join(' ')}"`)).toEqual([]);
  });

  it('no alias rewrites a phrase of danger: it would no longer be heard as one', () => {
    // Aliases rewrite everyday phrases that hold a word of danger ("blood test"); one that matched a
    // phrase of danger ("blue in the face") would turn it into everyday words ("a lot"). One-word
    // aliases are spellings ("wanna", "convulsion"), which keep the meaning. An alias that rewrites
    // to a word of danger itself (a denial, read as the cue "says safe") keeps it too, so its forms
    // may sit inside longer phrases of danger ("not in danger but my son is"), and hold shorter ones
    // ("in danger"); never may one be a phrase of danger ("took too many pills" listed as a denial).
    const danger = [...prompts.intents.crisis.phrases, ...prompts.intents.crisis.keywords, ...prompts.intents.crisis.cues].map((t) => basicTokens(String(t)));
    const isDanger = (words: string[]) => danger.some((term) => term.join(' ') === words.join(' '));
    const rewriting = Object.entries(prompts.speech.aliases).flatMap(([meant, heard]) =>
      heard
        .map((form) => basicTokens(form))
        .filter((form) => form.length > 1)
        .filter((form) =>
          isDanger(basicTokens(meant))
            ? isDanger(form)
            : danger.some((term) => term.length >= form.length && term.some((_, i) => form.every((w, k) => term[i + k] === w))),
        )
        .map((form) => `"${form.join(' ')}" → "${meant}"`),
    );
    expect(rewriting).toEqual([]);
  });

  it('every keyword and phrase of danger is still heard after the words a caller puts before it', () => {
    // Split words are joined when the join is a word the line knows: "i'm better off gone" had read
    // as the insurer Ambetter ("i ambetter off gone"). ("I'm been shot" is no sentence a caller says.)
    const before = lang === 'en' ? ["i'm ", 'and ', 'he said '] : ['yo ', 'y ', 'ya '];
    const crisis = prompts.intents.crisis;
    const lost = [...crisis.keywords, ...crisis.phrases].flatMap((term) => {
      const words = read(term).join(' ');
      return before
        .filter((start) => !(start === "i'm " && words.startsWith('been ')))
        .map((start) => ({ said: start + term, reading: read(start + term).join(' ') }))
        .filter(({ reading }) => !` ${reading} `.includes(` ${words} `))
        .map(({ said, reading }) => `"${said}" reads as "${reading}"`);
    });
    expect(lost).toEqual([]);
  });

  it('every phrase and keyword still has words after cleaning', () => {
    const words = buildNormalizer(prompts.speech).words;
    expect(terms.filter(({ text }) => words(text).length === 0).map(({ where, text }) => `${where}: "${text}"`)).toEqual([]);
  });
});
