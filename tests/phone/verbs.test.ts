import { ScriptedPeople, type ScriptOptions } from '../../src/phone/callers';
import type { PhoneEvent } from '../../src/phone/call';
import type { CallResult } from '../../src/phone/place-call';
import { FIXTURE_BASE, fixtureLine, xml } from './fixture-line';

const script = (steps: ScriptOptions['steps'], rest: Omit<ScriptOptions, 'steps'> = {}) => new ScriptedPeople({ steps, ...rest });

function said(result: CallResult, leg: 'caller' | 'staff' = 'caller'): string[] {
  return result.events.filter((e): e is Extract<PhoneEvent, { type: 'say' }> => e.type === 'say' && e.leg === leg).map((e) => e.text);
}

const GATHER_MENU = xml('<Gather input="dtmf speech" action="/turn" numDigits="1"><Say>Press 1.</Say></Gather><Say>Still there?</Say><Hangup/>');

describe('Gather, as Twilio documents it', () => {
  it('sends keys to its action, signed, with the call parameters Twilio sends', async () => {
    const line = fixtureLine({ '/voice': GATHER_MENU, '/turn': xml('<Say>You chose.</Say>') });
    const result = await line.call(script([{ kind: 'keys', digits: '1' }]));
    expect(result.problems).toEqual([]);
    const turn = line.received.find((r) => r.path === '/turn')!;
    expect(turn.params).toMatchObject({ Digits: '1', Direction: 'inbound', CallStatus: 'in-progress', ApiVersion: '2010-04-01' });
    expect(Object.keys(turn.params)).toEqual(expect.arrayContaining(['CallSid', 'AccountSid', 'From', 'To']));
    expect(said(result)).toEqual(['Press 1.', 'You chose.']);
    expect(result.reason).toBe('end-of-document');
  });

  it('sends a sentence as SpeechResult with Confidence', async () => {
    const line = fixtureLine({ '/voice': GATHER_MENU, '/turn': xml('<Hangup/>') });
    await line.call(script([{ kind: 'speech', transcript: 'what does it cost', confidence: 0.42 }]));
    expect(line.received[1]!.params).toMatchObject({ SpeechResult: 'what does it cost', Confidence: '0.42' });
  });

  it('without input falls through to the next verb and posts nothing', async () => {
    const line = fixtureLine({ '/voice': GATHER_MENU });
    const result = await line.call(script([{ kind: 'silence' }]));
    expect(said(result)).toEqual(['Press 1.', 'Still there?']);
    expect(line.received.map((r) => r.path)).toEqual(['/voice']);
    expect(result.reason).toBe('hangup');
  });

  it('with actionOnEmptyResult posts silence to its action', async () => {
    const line = fixtureLine({ '/voice': xml('<Gather action="/turn" actionOnEmptyResult="true"/><Say>never</Say>'), '/turn': xml('<Hangup/>') });
    const result = await line.call(script([{ kind: 'silence' }]));
    expect(line.received[1]!.path).toBe('/turn');
    expect(line.received[1]!.params).not.toHaveProperty('Digits');
    expect(said(result)).toEqual([]);
  });

  it('keeps numDigits keys and stops at finishOnKey', async () => {
    const line = fixtureLine({
      '/voice': xml('<Gather action="/one" numDigits="1"/>'),
      '/one': xml('<Gather action="/pin"/>'),
      '/pin': xml('<Hangup/>'),
    });
    await line.call(script([{ kind: 'keys', digits: '12' }, { kind: 'keys', digits: '1234#9' }]));
    expect(line.received[1]!.params.Digits).toBe('1');
    expect(line.received[2]!.params.Digits).toBe('1234');
  });

  it('ignores speech when it listens only for keys (its default), as if the caller were silent', async () => {
    const line = fixtureLine({ '/voice': xml('<Gather action="/turn"><Say>Press a key.</Say></Gather><Say>No key.</Say>') });
    const result = await line.call(script([{ kind: 'speech', transcript: 'hello' }]));
    expect(said(result)).toEqual(['Press a key.', 'No key.']);
    expect(line.received).toHaveLength(1);
  });

  it('defaults its action to the URL of its own document, and GETs with the parameters in the query', async () => {
    const line = fixtureLine({ '/voice': xml('<Redirect>/menu?step=1</Redirect>'), '/menu': xml('<Gather method="GET"/>') });
    await line.call(script([{ kind: 'keys', digits: '5' }, { kind: 'hangup' }]));
    const [, menu, again] = line.received;
    expect(menu).toMatchObject({ method: 'POST', path: '/menu', query: { step: '1' } });
    expect(again).toMatchObject({ method: 'GET', path: '/menu', query: { step: '1', Digits: '5' } });
  });
});

describe('Redirect and Hangup', () => {
  it('resolves a relative URL against the URL just called', async () => {
    const line = fixtureLine({ '/voice': xml('<Redirect>/ivr/start</Redirect>'), '/ivr/start': xml('<Redirect>next</Redirect>'), '/ivr/next': xml('<Hangup/><Say>never said</Say>') });
    const result = await line.call(script([]));
    expect(line.received.map((r) => r.path)).toEqual(['/voice', '/ivr/start', '/ivr/next']);
    expect(said(result)).toEqual([]);
    expect(result.reason).toBe('hangup');
  });
});

describe('the end of the call', () => {
  it("posts the number's status callback with CallStatus completed", async () => {
    const line = fixtureLine({ '/voice': xml('<Say>Goodbye.</Say><Hangup/>'), '/voice/status': { body: '', status: 204 } });
    const result = await line.call(script([]), { statusCallbackPath: '/voice/status' });
    expect(result.problems).toEqual([]);
    expect(line.received.at(-1)).toMatchObject({ path: '/voice/status', params: { CallStatus: 'completed' } });
  });
});

describe('Dial and the whisper to staff (<Number url>)', () => {
  const dialWithWhisper = xml('<Say>Connecting.</Say><Dial action="/dial-done" timeout="20"><Number url="/whisper">+15555550100</Number><Number>+15555550101</Number></Dial><Say>never</Say>');
  const whisper = xml('<Gather numDigits="1" action="/whisper/accept"><Say>A caller asked about cost. Press 1 to take the call.</Say></Gather><Hangup/>');

  it('runs the whisper on the staff leg; a key connects the caller and DialBridged says so', async () => {
    const line = fixtureLine({ '/voice': dialWithWhisper, '/whisper': whisper, '/whisper/accept': xml(''), '/dial-done': xml('<Hangup/>') });
    const result = await line.call(script([], { dials: ['answered'], staff: { keys: '1' } }));
    expect(result.problems).toEqual([]);
    expect(said(result, 'staff')).toEqual(['A caller asked about cost. Press 1 to take the call.']);
    expect(said(result)).toEqual(['Connecting.']);
    const staffLeg = line.received.find((r) => r.path === '/whisper')!;
    expect(staffLeg.params).toMatchObject({ Direction: 'outbound-dial', To: '+15555550100' });
    expect(line.received.find((r) => r.path === '/whisper/accept')!.params).toMatchObject({ Digits: '1', CallSid: staffLeg.params.CallSid });
    const done = line.received.find((r) => r.path === '/dial-done')!.params;
    expect(done).toMatchObject({ DialCallStatus: 'completed', DialBridged: 'true', DialCallSid: staffLeg.params.CallSid });
  });

  it('when staff press nothing, the whisper hangs up their leg and the caller is not connected', async () => {
    const line = fixtureLine({ '/voice': dialWithWhisper, '/whisper': whisper, '/dial-done': xml('<Say>Nobody could take it.</Say>') });
    const result = await line.call(script([], { dials: ['answered'], staff: 'silent' }));
    expect(line.received.find((r) => r.path === '/dial-done')!.params).toMatchObject({ DialCallStatus: 'completed', DialBridged: 'false' });
    expect(said(result)).toEqual(['Connecting.', 'Nobody could take it.']);
  });

  it.each(['no-answer', 'busy', 'failed'] as const)('reports %s to the Dial action without running the whisper', async (outcome) => {
    const line = fixtureLine({ '/voice': dialWithWhisper, '/whisper': whisper, '/dial-done': xml('<Hangup/>') });
    await line.call(script([], { dials: [outcome] }));
    expect(line.received.map((r) => r.path)).toEqual(['/voice', '/dial-done']);
    expect(line.received[1]!.params).toMatchObject({ DialCallStatus: outcome, DialBridged: 'false', DialCallDuration: '0' });
  });

  it('without an action, goes on to the verbs after the Dial', async () => {
    const line = fixtureLine({ '/voice': xml('<Dial timeout="10">+15555550100</Dial><Say>After the call.</Say>') });
    const result = await line.call(script([], { dials: ['busy'] }));
    expect(said(result)).toEqual(['After the call.']);
    expect(result.events).toContainEqual(expect.objectContaining({ type: 'dial', numbers: ['+15555550100'], timeoutSeconds: 10 }));
  });

  it('flags a whisper that tries to Dial', async () => {
    const line = fixtureLine({ '/voice': dialWithWhisper, '/whisper': xml('<Dial>+15555550102</Dial>'), '/dial-done': xml('<Hangup/>') });
    const result = await line.call(script([], { dials: ['answered'] }));
    expect(result.problems.map((p) => p.message)).toContainEqual(expect.stringContaining('may not contain <Dial>'));
  });
});

describe('Record (voicemail)', () => {
  const voicemail = xml('<Say>Leave a message.</Say><Record action="/vm/saved" maxLength="120" recordingStatusCallback="/vm/ready"/><Say>We got nothing.</Say><Hangup/>');

  it('posts the recording to the action, then the recording status callback', async () => {
    const line = fixtureLine({ '/voice': voicemail, '/vm/saved': xml('<Say>Thank you.</Say><Hangup/>'), '/vm/ready': { body: '', status: 204 } });
    const result = await line.call(script([{ kind: 'speech', transcript: 'please call me back this afternoon' }]));
    expect(result.problems).toEqual([]);
    expect(line.received.map((r) => r.path)).toEqual(['/voice', '/vm/saved', '/vm/ready']);
    const saved = line.received[1]!.params;
    expect(saved.RecordingUrl).toMatch(/^https:\/\/api\.twilio\.com\/2010-04-01\/Accounts\/AC\w+\/Recordings\/RE\w+$/);
    expect(saved.RecordingSid).toMatch(/^RE[0-9a-f]{32}$/);
    expect(Number(saved.RecordingDuration)).toBeGreaterThan(0);
    expect(line.received[2]!.params).toMatchObject({ RecordingSid: saved.RecordingSid, RecordingUrl: saved.RecordingUrl, RecordingStatus: 'completed' });
    expect(said(result)).toEqual(['Leave a message.', 'Thank you.']);
  });

  it('with nothing recorded, skips the action and goes on to the next verb', async () => {
    const line = fixtureLine({ '/voice': voicemail });
    const result = await line.call(script([{ kind: 'silence' }]));
    expect(line.received.map((r) => r.path)).toEqual(['/voice']);
    expect(said(result)).toEqual(['Leave a message.', 'We got nothing.']);
  });
});

describe('what Twilio would refuse', () => {
  const fallback = xml('<Say>Sorry, trouble.</Say><Hangup/>');

  it.each([
    ['a reply that is not well-formed XML', { body: '<?xml version="1.0"?><Response><Say>hi</Response>' }, 12100, 'well-formed'],
    ['XML without <?xml at the start', { body: '\n' + xml('<Say>hi</Say>') }, 12100, '<?xml'],
    ['the wrong Content-Type', { body: xml('<Say>hi</Say>'), type: 'text/html' }, 12300, 'text/xml or application/xml'],
    ['an HTTP error', { body: 'oops', status: 500, type: 'text/plain' }, 11200, 'HTTP 500'],
  ])('%s: flagged, and the call goes to the fallback URL with ErrorCode and ErrorUrl', async (_label, reply, code, words) => {
    const line = fixtureLine({ '/voice': reply, '/voice/fallback': fallback });
    const result = await line.call(script([]));
    expect(result.problems).toEqual([expect.objectContaining({ severity: 'error', code, message: expect.stringContaining(words) })]);
    expect(line.received[1]).toMatchObject({ path: '/voice/fallback', params: { ErrorCode: String(code), ErrorUrl: `${FIXTURE_BASE}/voice` } });
    expect(said(result)).toEqual(['Sorry, trouble.']);
  });

  it('accepts application/xml with a charset', async () => {
    const line = fixtureLine({ '/voice': { body: xml('<Hangup/>'), type: 'application/xml; charset=utf-8' } });
    expect((await line.call(script([]))).problems).toEqual([]);
  });

  it('a reply slower than the limit: Twilio gives up on it', async () => {
    const line = fixtureLine({ '/voice': { body: xml('<Hangup/>'), delayMs: 200 }, '/voice/fallback': fallback });
    const result = await line.call(script([]), { replyLimitMs: 50 });
    expect(result.problems).toEqual([expect.objectContaining({ code: 11205, message: expect.stringContaining('gives up') })]);
    expect(said(result)).toEqual(['Sorry, trouble.']);
  });

  it('when the fallback fails too, the call ends with Twilio\'s application error', async () => {
    const line = fixtureLine({ '/voice': { body: 'no', status: 503, type: 'text/plain' } });
    const result = await line.call(script([]));
    expect(result.reason).toBe('application-error');
    expect(result.problems.map((p) => p.code)).toEqual([11200, 11200]);
  });

  it.each([
    ['an unknown verb', '<Speak>hi</Speak>', '<Speak> is not a TwiML voice verb'],
    ['a verb in the wrong case', '<say>hi</say>', 'did you mean "Say"'],
    ['an attribute Twilio does not document', '<Say rate="fast">hi</Say>', '<Say> has no attribute "rate"'],
    ['an attribute in the wrong case', '<Gather numdigits="1"/>', 'did you mean "numDigits"'],
    ['a verb Gather cannot hold', '<Gather><Dial>+15555550100</Dial></Gather>', '<Dial> is not allowed inside <Gather>'],
  ])('%s: warning 12200', async (_label, inner, words) => {
    const line = fixtureLine({ '/voice': xml(inner) });
    const result = await line.call(script([], { dials: ['busy'] }));
    expect(result.problems).toContainEqual(expect.objectContaining({ severity: 'warning', code: 12200, message: expect.stringContaining(words) }));
  });

  it('accepts SSML inside Say', async () => {
    const line = fixtureLine({ '/voice': xml('<Say voice="Polly.Joanna-Neural">Call <say-as interpret-as="telephone">988</say-as><break time="1s"/> now.</Say>') });
    expect((await line.call(script([]))).problems).toEqual([]);
  });
});
