import { GIVE_UP_AFTER, greet, handleDialResult, handleInput, handleSilence, type FlowContext, type Reply } from '../../src/flow/call';
import { makeLinks } from '../../src/flow/links';
import { decodeState, initialState, type CallState } from '../../src/flow/state';
import { buildMatcher } from '../../src/speech/matcher';
import { speakable } from '../../src/twiml/speakable';
import { INTAKE_A, INTAKE_B, PUBLIC_BASE_URL, testPrompts } from '../support/harness';
import { find, findAll, parseTwiml, spoken, verbs, type TwimlNode } from '../support/twiml';

const prompts = testPrompts();
const en = prompts.en;
const matcher = buildMatcher(en);
const ctx: FlowContext = {
  prompts,
  matcherFor: () => matcher,
  intakeNumbers: [INTAKE_A, INTAKE_B],
  links: makeLinks(PUBLIC_BASE_URL),
};

const TOPIC_KEYS = [
  ['1', 'what-is-iop'],
  ['2', 'program'],
  ['3', 'cost'],
  ['4', 'length'],
  ['5', 'curriculum'],
  ['6', 'drug-testing'],
] as const;

/** What the caller hears for these prompts, in order, as the voice will say them. */
function heard(...texts: string[]): string {
  return texts.map((t) => speakable(t, en.spokenAs)).join(' ');
}

/** The same, with the offer of Spanish (in Spanish) after the first line: the greeting and every re-prompt. */
function heardWithSpanishOffer(first: string, ...rest: string[]): string {
  const es = prompts.es!;
  return [heard(first), speakable(es.languageOffer, es.spokenAs), ...rest.map((t) => heard(t))].join(' ');
}

function twiml(reply: Reply): TwimlNode {
  return parseTwiml(reply.twiml.toString());
}

/** The state the line put into the next Gather's action URL. */
function stateIn(node: TwimlNode): CallState {
  const action = find(node, 'Gather')!.attrs.action!;
  return decodeState(Object.fromEntries(new URL(action, PUBLIC_BASE_URL).searchParams));
}

function press(state: CallState, digits: string) {
  return twiml(handleInput(ctx, state, { kind: 'keys', digits }));
}

/** What a caller can do next: a Gather that takes keys and speech, with a Redirect for silence. */
function expectListening(node: TwimlNode) {
  expect(verbs(node).slice(-2)).toEqual(['Gather', 'Redirect']);
  const gather = find(node, 'Gather')!;
  expect(gather.attrs.input).toBe('dtmf speech');
  expect(gather.attrs.numDigits).toBe('1');
  expect(gather.attrs.action).toMatch(/^\/voice\/turn\?/);
  expect(find(node, 'Redirect')!.text).toMatch(/^\/voice\/silence\?/);
}

describe('greeting', () => {
  it('greets and reads the menu inside a Gather, so the caller can interrupt with a key or a sentence', () => {
    const node = twiml(greet(ctx, initialState()));
    expect(verbs(node)).toEqual(['Gather', 'Redirect']);
    expectListening(node);
    expect(spoken(find(node, 'Gather')!)).toBe(heardWithSpanishOffer(en.greeting, en.menu));
  });

  it('speaks in the configured voice and language', () => {
    const say = find(twiml(greet(ctx, initialState())), 'Say')!;
    expect(say.attrs.voice).toBe(en.voice);
    expect(say.attrs.language).toBe('en-US');
    expect(find(twiml(greet(ctx, initialState())), 'Gather')!.attrs.language).toBe('en-US');
  });

  it('says IOP as letters and 911 digit by digit', () => {
    const text = spoken(twiml(greet(ctx, initialState())));
    expect(text).toContain('9 1 1');
    expect(text).toContain('I O P');
    expect(text).not.toMatch(/\bIOP\b/);
  });
});

describe.each([
  ['at the menu', initialState()],
  ['at the follow-up after an answer', { ...initialState(), last: 'cost', asked: ['cost'] } as CallState],
])('keypad %s', (_where, state) => {
  it.each(TOPIC_KEYS)('key %s answers %s, then asks what is next', (key, topic) => {
    const node = press(state, key);
    expectListening(node);
    expect(spoken(find(node, 'Gather')!)).toBe(heard(en.topics[topic].answer, en.followUp));
    const next = stateIn(node);
    expect(next.last).toBe(topic);
    expect(next.asked).toContain(topic);
  });

  it('key 0 puts the caller through to every intake number at once', () => {
    const node = press(state, '0');
    expect(verbs(node)).toEqual(['Say', 'Dial']);
    expect(spoken(node)).toBe(heard(en.transfer.connecting));
    const dial = find(node, 'Dial')!;
    expect(findAll(dial, 'Number').map((n) => n.text)).toEqual([INTAKE_A, INTAKE_B]);
    expect(dial.attrs.action).toMatch(/^\/voice\/dial-result\?/);
  });

  it('an invalid key says so briefly and reads the menu again', () => {
    const node = press(state, '8');
    expectListening(node);
    expect(spoken(node)).toBe(heardWithSpanishOffer(en.invalidKey, en.menu));
    expect(stateIn(node).miss).toBe(1);
  });
});

describe('repeat', () => {
  it('star repeats the last answer without counting it twice', () => {
    const after = press(initialState(), '3');
    const again = press(stateIn(after), '*');
    expect(spoken(again)).toBe(spoken(after));
    expect(stateIn(again).asked).toEqual(['cost']);
  });

  it('star before any answer repeats the menu', () => {
    expect(spoken(press(initialState(), '*'))).toBe(heard(en.menu));
  });
});

describe('topics asked travel with the call', () => {
  it('keeps every topic heard, once each, in order', () => {
    let state = initialState();
    for (const key of ['3', '4', '3']) state = stateIn(press(state, key));
    expect(state.asked).toEqual(['cost', 'length']);
  });
});

describe('silence', () => {
  it('first silence: a shorter re-prompt, still listening', () => {
    const node = twiml(handleSilence(ctx, initialState()));
    expectListening(node);
    expect(spoken(node)).toBe(heardWithSpanishOffer(en.silence.first));
    expect(stateIn(node).silence).toBe(1);
  });

  it('second silence: the menu again', () => {
    const node = twiml(handleSilence(ctx, { ...initialState(), silence: 1 }));
    expectListening(node);
    expect(spoken(node)).toBe(heardWithSpanishOffer(en.silence.second, en.menu));
    expect(stateIn(node).silence).toBe(2);
  });

  it('third silence in a row: says goodbye with the number to call back, and hangs up', () => {
    const node = twiml(handleSilence(ctx, { ...initialState(), silence: GIVE_UP_AFTER - 1 }));
    expect(verbs(node)).toEqual(['Say', 'Hangup']);
    expect(spoken(node)).toBe(heard(en.silence.goodbye));
    expect(spoken(node)).toContain('8 5 5, 6 9 8, 3 5 5 4');
  });

  it('a key press resets the count of silences', () => {
    expect(stateIn(press({ ...initialState(), silence: 2 }, '1')).silence).toBe(0);
  });

  it('silence after the crisis message connects the caller to a person instead of hanging up', () => {
    const node = twiml(handleSilence(ctx, { ...initialState(), last: 'crisis', silence: 2 }));
    expect(verbs(node)).toContain('Dial');
  });

  it('a reply the line cannot use after the crisis message ("I don\'t know") connects the caller to a person', () => {
    const afterCrisis: CallState = { ...initialState(), last: 'crisis' };
    expect(verbs(twiml(handleInput(ctx, afterCrisis, { kind: 'speech', transcript: "i don't know" })))).toEqual(['Say', 'Dial']);
    expect(verbs(twiml(handleInput(ctx, afterCrisis, { kind: 'keys', digits: '7' })))).toEqual(['Say', 'Dial']);
    // After an answer the same reply is only asked again.
    expect(verbs(twiml(handleInput(ctx, { ...afterCrisis, last: 'cost' }, { kind: 'speech', transcript: "i don't know" })))).not.toContain('Dial');
  });
});

describe('speech', () => {
  it('asking for an agent, a representative or a person dials intake', () => {
    for (const transcript of ['agent', 'can I talk to a representative', 'a real person please']) {
      expect(verbs(twiml(handleInput(ctx, initialState(), { kind: 'speech', transcript })))).toContain('Dial');
    }
  });

  it('a plain question gets its answer', () => {
    const node = twiml(handleInput(ctx, initialState(), { kind: 'speech', transcript: 'how much does it cost' }));
    expect(stateIn(node).last).toBe('cost');
  });

  it('words of danger get 911 and 988 before anything else, then the offer of a person', () => {
    const node = twiml(handleInput(ctx, initialState(), { kind: 'speech', transcript: 'how much is it i just want to kill myself' }));
    expect(verbs(node)).toEqual(['Say', 'Gather', 'Redirect']);
    const first = node.children[0]!.text;
    expect(first).toBe(heard(en.crisis));
    expect(first).toContain('9 1 1');
    expect(first).toContain('9 8 8');
    expect(spoken(find(node, 'Gather')!)).toBe(heard(en.crisisFollowUp));
  });

  it('asking for Spanish switches the call to Spanish', () => {
    const node = twiml(handleInput(ctx, initialState(), { kind: 'speech', transcript: 'español por favor' }));
    expect(find(node, 'Gather')!.attrs.language).toBe('es-US');
    expect(stateIn(node).lang).toBe('es');
  });

  it('a caller can speak at the follow-up after an answer', () => {
    const after = twiml(handleInput(ctx, initialState(), { kind: 'speech', transcript: 'how much does it cost' }));
    const node = twiml(handleInput(ctx, stateIn(after), { kind: 'speech', transcript: 'and do you guys drug test' }));
    expect(stateIn(node).last).toBe('drug-testing');
  });

  it('"no I\'m good" at the follow-up is asked again kindly, not told to dial 911', () => {
    const after = twiml(handleInput(ctx, initialState(), { kind: 'speech', transcript: 'how much does it cost' }));
    const node = twiml(handleInput(ctx, stateIn(after), { kind: 'speech', transcript: "no i'm good" }));
    expectListening(node);
    expect(spoken(node)).not.toContain('9 1 1');
    expect(spoken(node)).toBe(heardWithSpanishOffer(en.notUnderstood.first));
  });

  it('nonsense gets neither an answer nor a transfer on the first try, then the keypad, then a person', () => {
    let node = twiml(handleInput(ctx, initialState(), { kind: 'speech', transcript: 'tell me a joke' }));
    expectListening(node);
    expect(spoken(node)).toBe(heardWithSpanishOffer(en.notUnderstood.first));
    node = twiml(handleInput(ctx, stateIn(node), { kind: 'speech', transcript: 'whats the weather' }));
    expectListening(node);
    expect(spoken(node)).toBe(heardWithSpanishOffer(en.notUnderstood.second, en.menu));
    node = twiml(handleInput(ctx, stateIn(node), { kind: 'speech', transcript: 'blah blah' }));
    expect(verbs(node)).toEqual(['Say', 'Dial']);
  });
});

describe('after a transfer', () => {
  it('a bridged call ends when the staff member hangs up', () => {
    expect(verbs(twiml(handleDialResult(ctx, initialState(), { status: 'completed', bridged: true })))).toEqual(['Hangup']);
  });

  it.each(['no-answer', 'busy', 'failed', 'canceled'])('%s: the caller hears nobody could pick up, and can leave a message', (status) => {
    const node = twiml(handleDialResult(ctx, initialState(), { status }));
    expect(node.children[0]!.text).toBe(heard(en.transfer.noAnswer));
    expect(verbs(node)).toContain('Record');
    // If they say nothing, they are not left at a dead end.
    expectListening(node);
  });

  it('a staff leg that answered but never connected the caller counts as not answered', () => {
    const node = twiml(handleDialResult(ctx, initialState(), { status: 'completed', bridged: false }));
    expect(verbs(node)).toContain('Record');
    expectListening(node);
  });
});
