import { greet, handleDialResult, handleInput, handleSilence, type FlowContext, type Reply } from '../../src/flow/call';
import {
  ACCEPT_KEY,
  VOICEMAIL_MAX_SECONDS,
  voicemailSaved,
  whisper,
  whisperAnswered,
} from '../../src/flow/intake';
import { makeLinks } from '../../src/flow/links';
import { decodeState, initialState, type CallState } from '../../src/flow/state';
import { fillIn } from '../../src/content/template';
import { buildMatcher } from '../../src/speech/matcher';
import { speakable } from '../../src/twiml/speakable';
import { CALLER, INTAKE_A, INTAKE_B, PUBLIC_BASE_URL, testConfig, testPrompts } from '../support/harness';
import { find, findAll, parseTwiml, spoken, verbs, type TwimlNode } from '../support/twiml';

const prompts = testPrompts();
const en = prompts.en;
const staff = en.staff.whisper;
const matcher = buildMatcher(en);

const CLINIC_HOURS = 'Mon-Fri 08:00-20:00; Sat 09:00-13:00';
const AFTER_HOURS = '+15551230009';
/** Monday 9 March 2026, 10:00 in New York (EDT): intake is open. */
const MONDAY_MORNING = '2026-03-09T14:00:00Z';
/** Monday 9 March 2026, 21:41 in New York: closed until Tuesday 8 AM. */
const MONDAY_NIGHT = '2026-03-10T01:41:00Z';

/** A flow context at a fixed instant, with the clinic's hours and any other settings. */
function contextAt(iso: string, env: Record<string, string> = {}): FlowContext {
  const config = testConfig({ INTAKE_HOURS: CLINIC_HOURS, ...env });
  return {
    prompts,
    matcherFor: () => matcher,
    intakeNumbers: [INTAKE_A, INTAKE_B],
    links: makeLinks(PUBLIC_BASE_URL),
    schedule: config.schedule,
    afterHoursNumber: config.AFTER_HOURS_NUMBER,
    clock: () => new Date(iso),
    callerId: CALLER,
  };
}

const open = contextAt(MONDAY_MORNING);
const closed = contextAt(MONDAY_NIGHT);

function twiml(reply: Reply): TwimlNode {
  return parseTwiml(reply.twiml.toString());
}

function heard(...texts: string[]): string {
  return texts.map((t) => speakable(t, en.spokenAs)).join(' ');
}

/** The offer of Spanish, in Spanish, that follows the English greeting. */
const spanishOffer = speakable(testPrompts().es!.languageOffer, testPrompts().es!.spokenAs);

function press(ctx: FlowContext, state: CallState, digits: string): TwimlNode {
  return twiml(handleInput(ctx, state, { kind: 'keys', digits }));
}

function stateOf(url: string): CallState {
  return decodeState(Object.fromEntries(new URL(url, PUBLIC_BASE_URL).searchParams));
}

/** What the caller would hear after the Record if they said nothing, and where a key would go. */
function expectMenuAfterSilentRecord(node: TwimlNode) {
  const after = verbs(node).slice(verbs(node).indexOf('Record') + 1);
  expect(after).toEqual(['Gather', 'Redirect']);
  expect(spoken(find(node, 'Gather')!)).toBe(heard(en.voicemail.noMessage, en.menu));
}

describe('warm transfer while intake is open', () => {
  const afterCost: CallState = { ...initialState(), last: 'cost', asked: ['cost'] };

  it('tells the caller they are being connected, then rings every intake phone at once with the whisper', () => {
    const node = press(open, afterCost, '0');
    expect(verbs(node)).toEqual(['Say', 'Dial']);
    expect(spoken(node)).toBe(heard(en.transfer.connecting));
    const dial = find(node, 'Dial')!;
    expect(dial.attrs.answerOnBridge).toBe('true');
    expect(Number(dial.attrs.timeout)).toBeGreaterThan(0);
    expect(dial.attrs.action).toMatch(/^\/voice\/dial-result\?/);
    const numbers = findAll(dial, 'Number');
    expect(numbers.map((n) => n.text)).toEqual([INTAKE_A, INTAKE_B]);
    for (const number of numbers) {
      expect(number.attrs.url).toMatch(/^\/voice\/whisper\?/);
      expect(stateOf(number.attrs.url!).asked).toEqual(['cost']);
    }
  });

  it("shows staff the caller's own number, so they can call back if the line drops", () => {
    expect(find(press(open, afterCost, '0'), 'Dial')!.attrs.callerId).toBe(CALLER);
  });

  it('shows no callerId when the caller withheld their number (Twilio then shows the line)', () => {
    const node = press({ ...open, callerId: undefined }, afterCost, '0');
    expect(find(node, 'Dial')!.attrs).not.toHaveProperty('callerId');
  });

  it('asking for a person by voice does the same', () => {
    const node = twiml(handleInput(open, initialState(), { kind: 'speech', transcript: 'can I talk to a real person' }));
    expect(findAll(node, 'Number').every((n) => n.attrs.url?.startsWith('/voice/whisper?'))).toBe(true);
  });
});

describe('the whisper a staff member hears before the bridge', () => {
  const words = (state: CallState) => spoken(twiml(whisper(open, state)));

  it('says it is the IOP line and names the topics the caller asked about, then asks for 1', () => {
    const text = words({ ...initialState(), last: 'length', asked: ['cost', 'length'] });
    const topics = `${en.topics.cost.label} ${en.hours.and} ${en.topics.length.label}`;
    expect(text).toBe(heard(staff.intro, fillIn(staff.askedAbout, { topics }), staff.accept));
    expect(text).toContain('cost');
  });

  it('says the caller asked for a person right away when they asked nothing first', () => {
    expect(words(initialState())).toBe(heard(staff.intro, staff.askedForPerson, staff.accept));
  });

  it('warns staff when the caller heard the crisis message', () => {
    expect(words({ ...initialState(), last: 'crisis' })).toContain(heard(staff.crisis));
  });

  it('says when the line could not understand the caller, instead of "asked for a person"', () => {
    const text = words({ ...initialState(), miss: 3 });
    expect(text).toContain(heard(staff.notUnderstood));
    expect(text).not.toContain(heard(staff.askedForPerson));
  });

  it('names the language when the caller is not speaking English, and still speaks English to staff', () => {
    const node = twiml(whisper(open, { ...initialState(), lang: 'es', asked: ['cost'] }));
    expect(spoken(node)).toContain(heard(fillIn(staff.language, { language: staff.languages.es })));
    for (const say of findAll(node, 'Say')) expect(say.attrs.voice).toBe(en.voice);
    expect(spoken(twiml(whisper(open, initialState())))).not.toContain(heard(fillIn(staff.language, { language: staff.languages.es })));
  });

  it('listens for one key inside the Gather, and hangs up that leg if no key comes', () => {
    const node = twiml(whisper(open, initialState()));
    expect(verbs(node)).toEqual(['Gather', 'Hangup']);
    const gather = find(node, 'Gather')!;
    expect(gather.attrs.numDigits).toBe('1');
    expect(gather.attrs.input).toBe('dtmf');
    expect(gather.attrs.action).toBe('/voice/whisper/accept');
  });

  it('1 connects the staff member: an empty document ends the whisper and Twilio bridges', () => {
    const node = twiml(whisperAnswered(ACCEPT_KEY));
    expect(verbs(node)).toEqual([]);
  });

  it.each([['2'], ['*'], [''], [undefined]])('%j hangs up the staff leg', (digits) => {
    expect(verbs(twiml(whisperAnswered(digits)))).toEqual(['Hangup']);
  });
});

describe('how the Dial ended (DialBridged decides; DialCallStatus when it is missing)', () => {
  it.each([
    ['completed', true, 'bridged'],
    ['answered', true, 'bridged'],
    ['completed', undefined, 'bridged'],
    ['answered', undefined, 'bridged'],
    ['completed', false, 'voicemail'],
    ['answered', false, 'voicemail'],
    ['no-answer', undefined, 'voicemail'],
    ['no-answer', false, 'voicemail'],
    ['busy', undefined, 'voicemail'],
    ['busy', false, 'voicemail'],
    ['failed', undefined, 'voicemail'],
    ['failed', false, 'voicemail'],
    ['canceled', undefined, 'voicemail'],
    ['canceled', false, 'voicemail'],
  ] as const)('DialCallStatus=%s DialBridged=%s: %s', (status, bridged, expected) => {
    const node = twiml(handleDialResult(open, initialState(), { status, bridged }));
    if (expected === 'bridged') {
      expect(verbs(node)).toEqual(['Hangup']);
    } else {
      expect(node.children[0]!.text).toBe(heard(en.transfer.noAnswer));
      expect(verbs(node)).toContain('Record');
      expectMenuAfterSilentRecord(node);
    }
  });
});

describe('voicemail', () => {
  const node = twiml(handleDialResult(open, { ...initialState(), last: 'cost', asked: ['cost'] }, { status: 'no-answer' }));
  const record = find(node, 'Record')!;

  it('a short prompt, then Record: up to 2 minutes, a beep, # to finish', () => {
    expect(verbs(node)).toEqual(['Say', 'Say', 'Record', 'Gather', 'Redirect']);
    expect(spoken(node).startsWith(heard(en.transfer.noAnswer, en.voicemail.prompt))).toBe(true);
    expect(record.attrs.maxLength).toBe(String(VOICEMAIL_MAX_SECONDS));
    expect(VOICEMAIL_MAX_SECONDS).toBe(120);
    expect(record.attrs.finishOnKey).toBe('#');
    expect(record.attrs.playBeep).toBe('true');
  });

  it('posts the message, and the recording when ready, with the call state (the topics asked)', () => {
    expect(record.attrs.action).toMatch(/^\/voice\/voicemail\?/);
    expect(record.attrs.recordingStatusCallback).toMatch(/^\/voice\/recording\?/);
    expect(record.attrs.recordingStatusCallbackEvent).toBe('completed');
    expect(stateOf(record.attrs.recordingStatusCallback!).asked).toEqual(['cost']);
  });

  it('when nothing was recorded, the caller hears so and gets the menu back', () => {
    expectMenuAfterSilentRecord(node);
  });

  it('thanks the caller and hangs up; while open, a call back as soon as we can', () => {
    const done = twiml(voicemailSaved(open, initialState()));
    expect(verbs(done)).toEqual(['Say', 'Hangup']);
    expect(spoken(done)).toBe(heard(en.voicemail.thanksSoon));
  });

  it('while closed, says when they will be called back', () => {
    expect(spoken(twiml(voicemailSaved(closed, initialState())))).toBe(
      heard(fillIn(en.voicemail.thanksLater, { opening: 'tomorrow at 8 AM' })),
    );
  });

  it('when intake never opens, "as soon as they can"', () => {
    expect(spoken(twiml(voicemailSaved(contextAt(MONDAY_NIGHT, { INTAKE_HOURS: 'closed' }), initialState())))).toBe(
      heard(en.voicemail.thanksSoon),
    );
  });
});

describe('hours', () => {
  it('while open, the greeting is the usual one', () => {
    expect(spoken(twiml(greet(open, initialState())))).toBe(`${heard(en.greeting)} ${spanishOffer} ${heard(en.menu)}`);
  });

  it('while closed, the greeting says when intake is back and its hours, inside the Gather', () => {
    const node = twiml(greet(closed, initialState()));
    expect(verbs(node)).toEqual(['Gather', 'Redirect']);
    const hours = 'Monday to Friday, 8 AM to 8 PM, and Saturday, 9 AM to 1 PM';
    expect(spoken(find(node, 'Gather')!)).toBe(
      `${heard(en.greeting)} ${spanishOffer} ${heard(fillIn(en.closed.greeting, { opening: 'tomorrow at 8 AM' }), fillIn(en.closed.hours, { hours }), en.menu)}`,
    );
  });

  it('with INTAKE_HOURS=closed, the greeting says intake cannot take calls', () => {
    expect(spoken(twiml(greet(contextAt(MONDAY_MORNING, { INTAKE_HOURS: 'closed' }), initialState())))).toContain(heard(en.closed.never));
  });

  it('while closed, every answer still works', () => {
    for (const key of ['1', '2', '3', '4', '5', '6']) {
      expect(verbs(press(closed, initialState(), key))).toEqual(['Gather', 'Redirect']);
    }
  });

  describe.each([
    ['after hours', MONDAY_NIGHT, {}],
    ['INTAKE_HOURS=closed', MONDAY_MORNING, { INTAKE_HOURS: 'closed' }],
    ['a holiday', MONDAY_MORNING, { HOLIDAYS: '2026-03-09' }],
  ])('%s', (_when, iso, env) => {
    it('0 rings no intake phone and takes a message', () => {
      const node = press(contextAt(iso, env), initialState(), '0');
      expect(verbs(node)).not.toContain('Dial');
      expect(spoken(node).startsWith(heard(en.voicemail.takeMessage, en.voicemail.prompt))).toBe(true);
      expect(verbs(node)).toContain('Record');
    });

    it('asking for a person does the same', () => {
      const node = twiml(handleInput(contextAt(iso, env), initialState(), { kind: 'speech', transcript: 'can I speak to someone' }));
      expect(verbs(node)).toContain('Record');
    });

    it('with AFTER_HOURS_NUMBER, 0 dials it instead (no whisper), with the caller shown', () => {
      const node = press(contextAt(iso, { ...env, AFTER_HOURS_NUMBER: AFTER_HOURS }), initialState(), '0');
      expect(spoken(node)).toBe(heard(en.afterHours.connecting));
      const dial = find(node, 'Dial')!;
      expect(findAll(dial, 'Number').map((n) => [n.text, n.attrs.url])).toEqual([[AFTER_HOURS, undefined]]);
      expect(dial.attrs.callerId).toBe(CALLER);
      expect(dial.attrs.action).toMatch(/^\/voice\/dial-result\?/);
    });
  });

  it('if the after-hours line does not answer, the caller can leave a message', () => {
    const ctx = contextAt(MONDAY_NIGHT, { AFTER_HOURS_NUMBER: AFTER_HOURS });
    expect(verbs(twiml(handleDialResult(ctx, initialState(), { status: 'no-answer' })))).toContain('Record');
  });

  describe('across daylight-saving changes, on the clinic clock (every day 08:00-20:00)', () => {
    const daily = { INTAKE_HOURS: 'Mon-Sun 08:00-20:00' };
    it.each([
      // 12:30Z is 08:30 EDT after spring-forward (07:30 if the change were ignored).
      ['spring-forward day, 8:30 AM', '2026-03-08T12:30:00Z', 'Dial'],
      ['spring-forward day, 7:59 AM', '2026-03-08T11:59:00Z', 'Record'],
      // 12:30Z is 07:30 EST after fall-back (08:30 if the change were ignored).
      ['fall-back day, 7:30 AM', '2026-11-01T12:30:00Z', 'Record'],
      ['fall-back day, 8:00 AM', '2026-11-01T13:00:00Z', 'Dial'],
      ['fall-back day, 7:59 PM', '2026-11-02T00:59:00Z', 'Dial'],
      ['fall-back day, 8:00 PM', '2026-11-02T01:00:00Z', 'Record'],
    ])('%s: 0 gives a %s', (_label, iso, verb) => {
      expect(verbs(press(contextAt(iso, daily), initialState(), '0'))).toContain(verb);
    });
  });
});

describe('the crisis path still offers a person', () => {
  const crisisState: CallState = { ...initialState(), last: 'crisis' };
  const crisisWords = (ctx: FlowContext) => twiml(handleInput(ctx, initialState(), { kind: 'speech', transcript: 'I want to kill myself' }));

  it('while open: the usual offer, and silence connects them to intake', () => {
    expect(spoken(find(crisisWords(open), 'Gather')!)).toBe(heard(en.crisisFollowUp));
    expect(verbs(twiml(handleSilence(open, crisisState)))).toContain('Dial');
  });

  it('closed with an after-hours line: the usual offer, and silence dials that line', () => {
    const ctx = contextAt(MONDAY_NIGHT, { AFTER_HOURS_NUMBER: AFTER_HOURS });
    expect(spoken(find(crisisWords(ctx), 'Gather')!)).toBe(heard(en.crisisFollowUp));
    expect(findAll(twiml(handleSilence(ctx, crisisState)), 'Number').map((n) => n.text)).toEqual([AFTER_HOURS]);
  });

  it('closed without one: 911 and 988 first, then that 988 answers now and a message reaches the team', () => {
    const node = crisisWords(closed);
    expect(node.children[0]!.text).toBe(heard(en.crisis));
    expect(spoken(find(node, 'Gather')!)).toBe(heard(en.closed.crisisFollowUp));
    expect(spoken(find(node, 'Gather')!)).toContain('9 8 8');
  });

  it('closed without one: silence goes to voicemail with the 988 reminder, never a hang-up', () => {
    const node = twiml(handleSilence(closed, crisisState));
    expect(verbs(node)).not.toContain('Hangup');
    expect(spoken(node)).toContain(heard(en.voicemail.crisisReminder));
    const record = find(node, 'Record')!;
    expect(stateOf(record.attrs.recordingStatusCallback!).last).toBe('crisis');
    expectMenuAfterSilentRecord(node);
  });
});
