import { greet, handleInput, type FlowContext } from '../../src/flow/call';
import { makeLinks } from '../../src/flow/links';
import { decodeState, initialState, type CallState } from '../../src/flow/state';
import type { Prompts } from '../../src/content/schema';
import { TOPIC_IDS } from '../../src/content/topics';
import { buildMatcher } from '../../src/speech/matcher';
import { speakable } from '../../src/twiml/speakable';
import { INTAKE_A, INTAKE_B, PUBLIC_BASE_URL, SimulatedCall, makeHarness, testPrompts } from '../support/harness';
import { find, findAll, parseTwiml, spoken, verbs, type TwimlNode } from '../support/twiml';

const library = testPrompts();
const en = library.en;
const es = library.es!;

/** What a caller hears for these prompts of one language, as its voice will say them. */
function heard(prompts: Prompts, ...texts: string[]): string {
  return texts.map((t) => speakable(t, prompts.spokenAs)).join(' ');
}

/** The Spanish side as a caller hears it: the offer of English (in English) comes after the first line. */
function heardSpanishWithEnglishOffer(first: string, ...rest: string[]): string {
  return [heard(es, first), heard(en, en.languageOffer), heard(es, ...rest)].filter(Boolean).join(' ');
}

function stateIn(node: TwimlNode): CallState {
  const action = find(node, 'Gather')!.attrs.action!;
  return decodeState(Object.fromEntries(new URL(action, PUBLIC_BASE_URL).searchParams));
}

/** Every <Say> in the reply that is not the offer of English is in the Spanish voice. */
function expectSpanishVoice(node: TwimlNode) {
  const says = findAll(node, 'Say').filter((s) => s.text !== heard(en, en.languageOffer));
  expect(says.length).toBeGreaterThan(0);
  for (const say of says) {
    expect(say.attrs.voice).toBe(es.voice);
    expect(say.attrs.language).toBe(es.locale);
  }
}

/** Listening for the next Spanish key or sentence: the recognizer is set to US Spanish, with Spanish hints. */
function expectListeningInSpanish(node: TwimlNode) {
  expect(verbs(node)).toEqual(['Gather', 'Redirect']);
  const gather = find(node, 'Gather')!;
  expect(gather.attrs.language).toBe('es-US');
  expect(gather.attrs.hints).toBe(es.hints.join(', '));
  expect(stateIn(node).lang).toBe('es');
}

/** A caller who dialed in, heard the English greeting, and pressed 9. */
async function spanishCaller() {
  const phone = new SimulatedCall(makeHarness());
  await phone.start();
  const menu = await phone.press('9');
  return { phone, menu };
}

describe('the greeting offers Spanish, in Spanish', () => {
  it('right after the English greeting and before the menu, inside the Gather, in the Spanish voice', async () => {
    const reply = await new SimulatedCall(makeHarness()).start();
    const says = findAll(find(reply, 'Gather')!, 'Say');
    expect(says.map((s) => s.text)).toEqual([heard(en, en.greeting), heard(es, es.languageOffer), heard(en, en.menu)]);
    expect(says[1]!.attrs).toMatchObject({ voice: 'Polly.Lupe-Neural', language: 'es-US' });
    expect(says[0]!.attrs.voice).toBe(en.voice);
  });
});

describe('key 9 at the greeting: the line is in Spanish from then on', () => {
  it('greets again in Spanish (with its 911 line), offers English back, and reads the Spanish menu', async () => {
    const { menu } = await spanishCaller();
    expectListeningInSpanish(menu);
    expectSpanishVoice(menu);
    expect(spoken(menu)).toBe(heardSpanishWithEnglishOffer(es.greeting, es.menu));
    expect(spoken(menu)).toContain('9 1 1');
    const offer = findAll(menu, 'Say').find((s) => s.text === heard(en, en.languageOffer))!;
    expect(offer.attrs).toMatchObject({ voice: en.voice, language: 'en-US' });
  });

  it('says IOP the way a Spanish voice spells it, never as the English word', async () => {
    const { menu } = await spanishCaller();
    expect(spoken(menu)).toContain(es.spokenAs.IOP);
    expect(spoken(menu)).not.toMatch(/\bIOP\b/);
  });

  it.each(TOPIC_IDS.map((topic, i) => [String(i + 1), topic] as const))('then key %s gives the Spanish answer about %s', async (key, topic) => {
    const { phone } = await spanishCaller();
    const reply = await phone.press(key);
    expectListeningInSpanish(reply);
    expectSpanishVoice(reply);
    expect(spoken(reply)).toBe(heard(es, es.topics[topic].answer, es.followUp));
  });

  it('the language stays Spanish for the whole call, answer after answer', async () => {
    const { phone } = await spanishCaller();
    for (const key of ['3', '4', '*', '6']) expectListeningInSpanish(await phone.press(key));
    expect(stateIn(phone.reply).asked).toEqual(['cost', 'length', 'drug-testing']);
  });

  it('star repeats the last answer in Spanish', async () => {
    const { phone } = await spanishCaller();
    const answer = await phone.press('2');
    expect(spoken(await phone.press('*'))).toBe(spoken(answer));
  });

  it('0 puts the caller through to intake, telling them so in Spanish', async () => {
    const { phone } = await spanishCaller();
    const reply = await phone.press('0');
    expect(verbs(reply)).toEqual(['Say', 'Dial']);
    expect(spoken(reply)).toBe(heard(es, es.transfer.connecting));
    expectSpanishVoice(reply);
    expect(findAll(find(reply, 'Dial')!, 'Number').map((n) => n.text)).toEqual([INTAKE_A, INTAKE_B]);
  });

  it('when nobody at intake answers, says so in Spanish and asks for a message in Spanish', async () => {
    const { phone } = await spanishCaller();
    await phone.press('0');
    const after = await phone.dialEnds({ DialCallStatus: 'no-answer', DialCallDuration: '0' });
    expect(verbs(after).slice(0, 3)).toEqual(['Say', 'Say', 'Record']);
    expect(spoken(after).startsWith(heard(es, es.transfer.noAnswer, es.voicemail.prompt))).toBe(true);
    expectSpanishVoice(after);
  });

  it('9 again goes back to English, with the offer of Spanish', async () => {
    const { phone } = await spanishCaller();
    const back = await phone.press('9');
    expect(find(back, 'Gather')!.attrs.language).toBe('en-US');
    expect(stateIn(back).lang).toBe('en');
    expect(spoken(back)).toBe([heard(en, en.greeting), heard(es, es.languageOffer), heard(en, en.menu)].join(' '));
  });
});

describe('a Spanish caller who is stuck hears Spanish, and the way back to English', () => {
  it('an invalid key: sorry, then the Spanish menu', async () => {
    const { phone } = await spanishCaller();
    const reply = await phone.press('7');
    expectListeningInSpanish(reply);
    expect(spoken(reply)).toBe(heardSpanishWithEnglishOffer(es.invalidKey, es.menu));
  });

  it('silence: the short re-prompt, then the menu, then goodbye with the number to call back', async () => {
    const { phone } = await spanishCaller();
    let reply = await phone.silence();
    expectListeningInSpanish(reply);
    expect(spoken(reply)).toBe(heardSpanishWithEnglishOffer(es.silence.first));
    reply = await phone.silence();
    expect(spoken(reply)).toBe(heardSpanishWithEnglishOffer(es.silence.second, es.menu));
    reply = await phone.silence();
    expect(verbs(reply)).toEqual(['Say', 'Hangup']);
    expect(spoken(reply)).toBe(heard(es, es.silence.goodbye));
    expect(spoken(reply)).toContain('8 5 5, 6 9 8, 3 5 5 4');
  });

  it('words the line cannot place: the Spanish apology with the list of topics', async () => {
    const { phone } = await spanishCaller();
    const reply = await phone.say('quién ganó el partido anoche');
    expect(spoken(reply)).toBe(heardSpanishWithEnglishOffer(es.notUnderstood.first));
  });
});

describe('a Spanish sentence at a Spanish prompt is understood', () => {
  it.each([
    ['cuánto cuesta', 'cost'],
    ['aceptan mi seguro', 'cost'],
    ['hacen pruebas de drogas', 'drug-testing'],
    ['cuánto dura', 'length'],
    ['qué es IOP', 'what-is-iop'],
    ['qué es el i o pe', 'what-is-iop'],
    ['qué se aprende en el programa', 'curriculum'],
  ] as const)('"%s" gets the Spanish answer about %s', async (sentence, topic) => {
    const { phone } = await spanishCaller();
    const reply = await phone.say(sentence);
    expect(spoken(reply)).toBe(heard(es, es.topics[topic].answer, es.followUp));
  });

  it('"quiero hablar con alguien" puts the caller through to a person', async () => {
    const { phone } = await spanishCaller();
    const reply = await phone.say('quiero hablar con alguien');
    expect(spoken(reply)).toBe(heard(es, es.transfer.connecting));
    expect(verbs(reply)).toContain('Dial');
  });

  it.each(['me quiero morir', 'quiero matarme', 'creo que es una sobredosis', 'mi hermano no respira', 'es una emergencia'])(
    '"%s" gets 911 and 988 in Spanish before anything else, then the offer of a person',
    async (sentence) => {
      const { phone } = await spanishCaller();
      const reply = await phone.say(sentence);
      expect(verbs(reply)).toEqual(['Say', 'Gather', 'Redirect']);
      expect(reply.children[0]!.text).toBe(heard(es, es.crisis));
      expect(reply.children[0]!.text).toContain('9 1 1');
      expect(reply.children[0]!.text).toContain('9 8 8');
      expect(spoken(find(reply, 'Gather')!)).toBe(heard(es, es.crisisFollowUp));
      expectSpanishVoice(reply);
    },
  );

  it('"inglés" switches back to English', async () => {
    const { phone } = await spanishCaller();
    const reply = await phone.say('en inglés por favor');
    expect(stateIn(reply).lang).toBe('en');
    expect(spoken(reply)).toContain(heard(en, en.menu));
  });
});

describe('switching by voice, and at any prompt', () => {
  it('saying "español" at the English greeting switches to Spanish', async () => {
    const phone = new SimulatedCall(makeHarness());
    await phone.start();
    const reply = await phone.say('español');
    expectListeningInSpanish(reply);
    expect(spoken(reply)).toBe(heardSpanishWithEnglishOffer(es.greeting, es.menu));
  });

  it('9 still works after an English answer, for a caller who missed the offer at the greeting', async () => {
    const phone = new SimulatedCall(makeHarness());
    await phone.start();
    await phone.press('3');
    const reply = await phone.press('9');
    expectListeningInSpanish(reply);
    expect(stateIn(reply).asked).toEqual(['cost']);
  });

  it('the English re-prompts offer Spanish again', async () => {
    const phone = new SimulatedCall(makeHarness());
    await phone.start();
    expect(spoken(await phone.press('8'))).toContain(heard(es, es.languageOffer));
    expect(spoken(await phone.silence())).toContain(heard(es, es.languageOffer));
  });

  it('a caller who heard the crisis message and presses 9 hears it again in Spanish', async () => {
    const phone = new SimulatedCall(makeHarness());
    await phone.start();
    await phone.say('I want to kill myself');
    const reply = await phone.press('9');
    expect(reply.children[0]!.text).toBe(heard(es, es.crisis));
    expect(stateIn(reply)).toMatchObject({ lang: 'es', last: 'crisis' });
  });
});

describe('a line without es.yaml', () => {
  const ctx: FlowContext = {
    prompts: { en },
    matcherFor: () => buildMatcher(en),
    intakeNumbers: [INTAKE_A],
    links: makeLinks(PUBLIC_BASE_URL),
  };
  const twiml = (reply: { twiml: { toString(): string } }) => parseTwiml(reply.twiml.toString());

  it('offers no other language at the greeting', () => {
    expect(spoken(twiml(greet(ctx, initialState())))).toBe(heard(en, en.greeting, en.menu));
  });

  it('treats 9 as a key that is not one of the choices', () => {
    const node = twiml(handleInput(ctx, initialState(), { kind: 'keys', digits: '9' }));
    expect(spoken(node)).toBe(heard(en, en.invalidKey, en.menu));
    expect(stateIn(node).lang).toBe('en');
  });
});
