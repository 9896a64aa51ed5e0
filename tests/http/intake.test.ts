import { fillIn } from '../../src/content/template';
import { SEND_ATTEMPTS, FIRST_RETRY_DELAY_MS, BACKOFF_FACTOR } from '../../src/intake/retry';
import type { CallFacts, TwilioRest } from '../../src/intake/twilio-rest';
import {
  CALLER,
  CALL_SID,
  INTAKE_A,
  INTAKE_B,
  RECORDING_SID,
  RECORDING_URL,
  SimulatedCall,
  callParams,
  makeHarness,
  twilioPost,
  type Harness,
  type HarnessDeps,
} from '../support/harness';
import { find, findAll, spoken, verbs } from '../support/twiml';

const STAFF_1 = '+15551239001';
const STAFF_2 = '+15551239002';
const SMS_ENV = {
  STAFF_SMS_NUMBERS: `${STAFF_1},${STAFF_2}`,
  TWILIO_ACCOUNT_SID: `AC${'0123456789abcdef'.repeat(2)}`,
  TWILIO_SMS_FROM: '+18556983554',
};
const CLINIC_HOURS = 'Mon-Fri 08:00-20:00; Sat 09:00-13:00';
/** Monday 9 March 2026, 10:00 in New York. */
const MONDAY_MORNING = new Date('2026-03-09T14:00:00Z');
/** Monday 9 March 2026, 21:41 in New York: closed. The harness's recording callback says it started now. */
const MONDAY_NIGHT = new Date('2026-03-10T01:41:00Z');
const NEVER = () => new Promise<never>(() => {});

/** A stand-in for Twilio's REST API that records what the line asked of it. */
class FakeRest implements TwilioRest {
  sent: { to: string; body: string }[] = [];
  sendAttempts = 0;
  /** Fail this many sends first; Twilio's message quotes the number, as real ones do. */
  failSends = 0;
  failStatus = 503;
  caller: string | undefined = CALLER;
  lookupFails = false;
  facts: CallFacts = { legs: [], recordings: [] };
  factsAsked: string[] = [];

  async sendSms(to: string, body: string): Promise<void> {
    this.sendAttempts++;
    if (this.failSends > 0) {
      this.failSends--;
      throw Object.assign(new Error(`Unable to reach ${to} for a message about ${CALLER}`), { status: this.failStatus, code: 30003 });
    }
    this.sent.push({ to, body });
  }

  async callerOf(): Promise<string | undefined> {
    if (this.lookupFails) throw Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' });
    return this.caller;
  }

  async callFacts(callSid: string): Promise<CallFacts> {
    this.factsAsked.push(callSid);
    return this.facts;
  }
}

function harness(env: Record<string, string> = {}, deps: HarnessDeps = {}): Harness {
  return makeHarness({ INTAKE_HOURS: CLINIC_HOURS, ...env }, { clock: () => MONDAY_MORNING, ...deps });
}

function logLines(h: Harness): Record<string, any>[] {
  return h.logs.map((line) => JSON.parse(line));
}

/** Caller presses 3 (cost), then 0; nobody answers; they leave a message and Twilio says it is ready. */
async function voicemailCall(h: Harness, seconds = 23) {
  const phone = new SimulatedCall(h);
  await phone.start();
  await phone.press('3');
  await phone.press('0');
  const afterDial = await phone.dialEnds({ DialCallStatus: 'no-answer', DialCallDuration: '0' });
  const thanks = await phone.leaveMessage(seconds);
  const ready = await phone.recordingReady(seconds);
  return { phone, afterDial, thanks, ready };
}

describe('contract: warm transfer', () => {
  it('two INTAKE_NUMBERS ring as two <Number url> in a Dial with answerOnBridge', async () => {
    const phone = new SimulatedCall(harness());
    await phone.start();
    const reply = await phone.press('0');
    const dial = find(reply, 'Dial')!;
    expect(dial.attrs.answerOnBridge).toBe('true');
    const numbers = findAll(dial, 'Number');
    expect(numbers.map((n) => n.text)).toEqual([INTAKE_A, INTAKE_B]);
    expect(numbers.every((n) => Boolean(n.attrs.url))).toBe(true);
    expect(dial.attrs.callerId).toBe(CALLER);
  });

  it('after the cost answer, the whisper has a Gather and says cost', async () => {
    const h = harness();
    const phone = new SimulatedCall(h);
    await phone.start();
    await phone.press('3');
    await phone.press('0');
    const whisper = await phone.staffAnswers();
    expect(find(whisper, 'Gather')).toBeDefined();
    expect(spoken(whisper)).toContain('cost');
    expect(spoken(whisper)).toContain(h.prompts.en.topics.cost.label);
  });

  it('the staff member presses 1 and is connected; the call ends with the conversation', async () => {
    const phone = new SimulatedCall(harness());
    await phone.start();
    await phone.press('0');
    await phone.staffAnswers();
    expect(verbs(await phone.staffPresses('1'))).toEqual([]);
    expect(verbs(await phone.dialEnds({ DialCallStatus: 'completed', DialBridged: 'true', DialCallDuration: '312' }))).toEqual(['Hangup']);
  });

  it('whisper not accepted: the staff leg hangs up and the caller reaches <Record>', async () => {
    const phone = new SimulatedCall(harness());
    await phone.start();
    await phone.press('0');
    await phone.staffAnswers();
    expect(verbs(await phone.staffPresses('7'))).toEqual(['Hangup']);
    const after = await phone.dialEnds({ DialCallStatus: 'completed', DialBridged: 'false', DialCallDuration: '0' });
    expect(verbs(after)).toContain('Record');
  });

  it('Dial no-answer: <Record>', async () => {
    const phone = new SimulatedCall(harness());
    await phone.start();
    await phone.press('0');
    expect(verbs(await phone.dialEnds({ DialCallStatus: 'no-answer' }))).toContain('Record');
  });
});

describe('contract: closed', () => {
  it.each([
    ['INTAKE_HOURS=closed', { INTAKE_HOURS: 'closed' }],
    ['today in HOLIDAYS', { HOLIDAYS: '2026-03-09' }],
  ])('%s: no Dial to intake, <Record> on 0', async (_label, env) => {
    const phone = new SimulatedCall(harness(env));
    const greeting = await phone.start();
    expect(verbs(greeting)).toEqual(['Gather', 'Redirect']);
    const reply = await phone.press('0');
    expect(findAll(reply, 'Dial')).toHaveLength(0);
    expect(verbs(reply)).toContain('Record');
  });

  it('the greeting says when intake is back', async () => {
    const h = harness({}, { clock: () => MONDAY_NIGHT });
    const greeting = await new SimulatedCall(h).start();
    expect(spoken(greeting)).toContain('back tomorrow at 8 AM');
  });
});

describe('voicemail texts to staff', () => {
  it('thanks the caller, then texts every staff number: number, time, length, topics, link', async () => {
    const rest = new FakeRest();
    const h = harness(SMS_ENV, { rest });
    const { thanks, ready } = await voicemailCall(h);
    expect(verbs(thanks)).toEqual(['Say', 'Hangup']);
    expect(ready.status).toBe(204);
    await h.background.idle();

    const sms = h.prompts.en.staff.voicemailSms;
    const expected = fillIn(sms.text, {
      caller: CALLER,
      // When Twilio says the recording started (the harness's RecordingStartTime, 01:41 UTC), on the clinic's clock.
      time: 'Mon, Mar 9, 9:41 PM EDT',
      length: '0:23',
      asked: fillIn(sms.askedAbout, { topics: h.prompts.en.topics.cost.label }),
      link: RECORDING_URL,
    });
    expect(rest.sent).toEqual([
      { to: STAFF_1, body: expected },
      { to: STAFF_2, body: expected },
    ]);
  });

  it('names neither the clinic, the program nor a condition', async () => {
    const rest = new FakeRest();
    const h = harness(SMS_ENV, { rest });
    await voicemailCall(h);
    await h.background.idle();
    for (const word of ['Harbor', 'Wellness', 'IOP', 'outpatient', 'substance', 'addiction', 'treatment', 'drug']) {
      expect(rest.sent[0]!.body.toLowerCase()).not.toContain(word.toLowerCase());
    }
  });

  it('marks it urgent when the caller heard the crisis message', async () => {
    const rest = new FakeRest();
    const h = harness({ ...SMS_ENV, INTAKE_HOURS: 'closed' }, { rest });
    const phone = new SimulatedCall(h);
    await phone.start();
    await phone.say('I want to kill myself');
    await phone.press('0');
    await phone.leaveMessage();
    await phone.recordingReady();
    await h.background.idle();
    expect(rest.sent[0]!.body.startsWith(h.prompts.en.staff.voicemailSms.urgent)).toBe(true);
  });

  it('an empty recording sends nothing', async () => {
    const rest = new FakeRest();
    const h = harness(SMS_ENV, { rest });
    const phone = new SimulatedCall(h);
    await phone.start();
    await phone.press('0');
    await phone.dialEnds({ DialCallStatus: 'busy' });
    expect((await phone.recordingReady(0)).status).toBe(204);
    await h.background.idle();
    expect(rest.sendAttempts).toBe(0);
  });

  it('without staff numbers or credentials, voicemail still records and nothing is sent', async () => {
    const rest = new FakeRest();
    const h = harness({}, { rest });
    const { afterDial, ready } = await voicemailCall(h);
    expect(verbs(afterDial)).toContain('Record');
    expect(ready.status).toBe(204);
    await h.background.idle();
    expect(rest.sendAttempts).toBe(0);
  });

  it('if the caller cannot be looked up, the text still goes, saying the number is unknown', async () => {
    const rest = new FakeRest();
    rest.lookupFails = true;
    const h = harness(SMS_ENV, { rest });
    await voicemailCall(h);
    await h.background.idle();
    expect(rest.sent[0]!.body).toContain(h.prompts.en.staff.voicemailSms.unknownCaller);
  });

  it('a withheld number is not passed off as a real one', async () => {
    const rest = new FakeRest();
    rest.caller = '+266696687';
    const h = harness(SMS_ENV, { rest });
    await voicemailCall(h);
    await h.background.idle();
    expect(rest.sent[0]!.body).toContain(h.prompts.en.staff.voicemailSms.unknownCaller);
  });

  it('a failed send is retried with growing waits, and each failure is logged without caller data', async () => {
    const rest = new FakeRest();
    rest.failSends = 2;
    const waits: number[] = [];
    const h = harness({ ...SMS_ENV, STAFF_SMS_NUMBERS: STAFF_1 }, { rest, sleep: async (ms) => void waits.push(ms) });
    await voicemailCall(h);
    await h.background.idle();

    expect(rest.sent).toHaveLength(1);
    expect(waits).toEqual([FIRST_RETRY_DELAY_MS, FIRST_RETRY_DELAY_MS * BACKOFF_FACTOR]);
    const failures = logLines(h).filter((l) => l.msg === 'voicemail text failed');
    expect(failures.map((l) => [l.attempt, l.retryInMs, l.error.status])).toEqual([
      [1, FIRST_RETRY_DELAY_MS, 503],
      [2, FIRST_RETRY_DELAY_MS * BACKOFF_FACTOR, 503],
    ]);
    expect(failures.every((l) => l.callSid === CALL_SID && l.recordingSid === RECORDING_SID && l.level === 40)).toBe(true);
    expect(logLines(h).some((l) => l.msg === 'voicemail text sent')).toBe(true);
    const all = h.logs.join('\n');
    expect(all).not.toContain(CALLER);
    expect(all).not.toContain(CALLER.slice(2));
    expect(all).not.toContain(RECORDING_URL);
  });

  it('after the last try, an error line says the notification was not delivered (CallSid and RecordingSid only)', async () => {
    const rest = new FakeRest();
    rest.failSends = Infinity;
    const h = harness({ ...SMS_ENV, STAFF_SMS_NUMBERS: STAFF_1 }, { rest });
    await voicemailCall(h);
    await h.background.idle();

    expect(rest.sendAttempts).toBe(SEND_ATTEMPTS);
    const errors = logLines(h).filter((l) => l.msg === 'voicemail notification was not delivered');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ level: 50, callSid: CALL_SID, recordingSid: RECORDING_SID });
    expect(h.logs.join('\n')).not.toContain(CALLER);
  });

  it('a send Twilio refuses (4xx) is not retried, and is logged as not delivered', async () => {
    const rest = new FakeRest();
    rest.failSends = 1;
    rest.failStatus = 400;
    const h = harness({ ...SMS_ENV, STAFF_SMS_NUMBERS: STAFF_1 }, { rest });
    await voicemailCall(h);
    await h.background.idle();
    expect(rest.sendAttempts).toBe(1);
    expect(logLines(h).some((l) => l.msg === 'voicemail notification was not delivered')).toBe(true);
  });

  it("the REST work never holds up a webhook: they answer while the adapter's promise never settles", async () => {
    const stuck: TwilioRest = { sendSms: NEVER, callerOf: NEVER, callFacts: NEVER };
    const h = harness(SMS_ENV, { rest: stuck });
    const { ready } = await voicemailCall(h);
    expect(ready.status).toBe(204);
    const status = await twilioPost(h.app, '/voice/status', callParams({ CallStatus: 'completed', CallDuration: '95' }));
    expect(status.status).toBe(204);
    // The next caller is answered too.
    expect((await twilioPost(h.app, '/voice', callParams())).status).toBe(200);
    expect(h.background.size).toBeGreaterThan(0);
  });
});

describe('POST /voice/status: one line per finished call', () => {
  async function ended(h: Harness, params: Record<string, string>) {
    const res = await twilioPost(h.app, '/voice/status', callParams(params));
    await h.background.idle();
    return { res, lines: logLines(h).filter((l) => l.msg === 'call ended') };
  }

  const END = new Date('2026-03-09T14:30:00Z');
  const seconds = (n: number) => new Date(END.getTime() - n * 1000);

  it.each<[string, Omit<CallFacts, 'endedAt'>]>([
    ['voicemail', { legs: [{ status: 'no-answer' }], recordings: [{ seconds: 23, status: 'completed' }] }],
    ['transferred', { legs: [{ status: 'completed', endedAt: seconds(1) }, { status: 'canceled' }], recordings: [] }],
    ['no-message', { legs: [{ status: 'completed', endedAt: seconds(40) }], recordings: [] }],
    ['line-only', { legs: [], recordings: [] }],
  ])('%s, from a background look-up of the call', async (outcome, facts) => {
    const rest = new FakeRest();
    rest.facts = { endedAt: END, ...facts };
    const h = harness(SMS_ENV, { rest });
    const { res, lines } = await ended(h, { CallStatus: 'completed', CallDuration: '95' });
    expect(res.status).toBe(204);
    expect(res.headers['content-type']).toMatch(/^text\/xml/);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ callSid: CALL_SID, callStatus: 'completed', seconds: 95, outcome, basis: 'rest-lookup' });
    expect(rest.factsAsked).toEqual([CALL_SID]);
  });

  it.each(['busy', 'no-answer', 'canceled', 'failed'])('%s: never answered, with no look-up', async (status) => {
    const rest = new FakeRest();
    const { lines } = await ended(harness(SMS_ENV, { rest }), { CallStatus: status });
    expect(lines.map((l) => l.outcome)).toEqual(['never-answered']);
    expect(rest.factsAsked).toEqual([]);
  });

  it('without REST credentials, a completed call is logged as unknown, and says why', async () => {
    const { lines } = await ended(harness(), { CallStatus: 'completed', CallDuration: '12' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ outcome: 'unknown', basis: 'status-callback' });
  });

  it('a status that is not final writes no line', async () => {
    const { res, lines } = await ended(harness(), { CallStatus: 'in-progress' });
    expect(res.status).toBe(204);
    expect(lines).toHaveLength(0);
  });

  it('holds no caller data', async () => {
    const h = harness(SMS_ENV, { rest: new FakeRest() });
    const { lines } = await ended(h, { CallStatus: 'completed' });
    expect(JSON.stringify(lines)).not.toContain(CALLER);
    expect(Object.keys(lines[0]!)).not.toContain('From');
  });
});

describe('the new routes are Twilio webhooks like the others', () => {
  it.each(['/voice/whisper', '/voice/whisper/accept', '/voice/voicemail', '/voice/recording', '/voice/status'])(
    '%s refuses a forged signature',
    async (path) => {
      const res = await twilioPost(harness().app, path, callParams({ CallStatus: 'completed' }), 'forged');
      expect(res.status).toBe(403);
    },
  );

  it('the recording callback refuses a body that is not one, with a 400', async () => {
    const res = await twilioPost(harness().app, '/voice/recording', callParams({ RecordingUrl: 'not a url' }));
    expect(res.status).toBe(400);
  });

  it('the recording callback answers 204 as text/xml', async () => {
    const res = await twilioPost(harness().app, '/voice/recording?lang=en&last=menu&asked=cost', {
      CallSid: CALL_SID,
      RecordingSid: RECORDING_SID,
      RecordingUrl: RECORDING_URL,
      RecordingStatus: 'completed',
      RecordingDuration: '9',
    });
    expect(res.status).toBe(204);
    expect(res.headers['content-type']).toMatch(/^text\/xml/);
  });

  it('a whole voicemail call leaves no number, recording link or words in the log', async () => {
    const h = harness(SMS_ENV, { rest: new FakeRest() });
    await voicemailCall(h);
    await h.background.idle();
    const all = h.logs.join('\n');
    expect(all).not.toContain(CALLER);
    expect(all).not.toContain(RECORDING_URL);
    expect(all).not.toContain(STAFF_1);
  });
});
