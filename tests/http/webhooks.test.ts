import request from 'supertest';
import twilio from 'twilio';
import { speakable } from '../../src/twiml/speakable';
import { TOPIC_IDS } from '../../src/content/topics';
import { CALLER, INTAKE_A, INTAKE_B, SimulatedCall, TEST_TOKEN, callParams, makeHarness, twilioPost } from '../support/harness';
import { find, findAll, parseTwiml, spoken, verbs } from '../support/twiml';

describe('a signed, simulated call', () => {
  it('gets all six answers by keypad, one after another', async () => {
    const harness = makeHarness();
    const phone = new SimulatedCall(harness);
    await phone.start();
    const heard: string[] = [];
    for (const key of ['1', '2', '3', '4', '5', '6']) {
      const reply = await phone.press(key);
      expect(verbs(reply)).toEqual(['Gather', 'Redirect']);
      heard.push(spoken(reply));
    }
    const en = harness.prompts.en;
    TOPIC_IDS.forEach((topic, i) => expect(heard[i]).toContain(speakable(en.topics[topic].answer, en.spokenAs)));
  });

  it('reaches a person on 0, and can leave a message when nobody answers', async () => {
    const phone = new SimulatedCall(makeHarness());
    await phone.start();
    const transfer = await phone.press('0');
    expect(findAll(find(transfer, 'Dial')!, 'Number').map((n) => n.text)).toEqual([INTAKE_A, INTAKE_B]);
    const after = await phone.dialEnds({ DialCallStatus: 'no-answer', DialCallDuration: '0' });
    expect(spoken(after)).toContain('nobody on our team could pick up');
    expect(verbs(after)).toEqual(['Say', 'Say', 'Record', 'Gather', 'Redirect']);
  });

  it('survives three silences with a goodbye, never a silent hang-up', async () => {
    const phone = new SimulatedCall(makeHarness());
    await phone.start();
    await phone.silence();
    await phone.silence();
    const last = await phone.silence();
    expect(verbs(last)).toEqual(['Say', 'Hangup']);
  });

  it('understands a spoken question at the greeting', async () => {
    const phone = new SimulatedCall(makeHarness());
    await phone.start();
    const reply = await phone.say('do you guys do drug testing');
    expect(spoken(reply)).toContain('tested at random times');
  });
});

describe('every webhook answers TwiML as text/xml', () => {
  it.each(['/voice', '/voice/turn', '/voice/silence', '/voice/dial-result', '/voice/fallback', '/voice/whisper', '/voice/whisper/accept', '/voice/voicemail'])('%s', async (path) => {
    const res = await twilioPost(makeHarness().app, path, callParams());
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/xml/);
    expect(res.text.startsWith('<?xml')).toBe(true);
    parseTwiml(res.text);
  });
});

describe('signatures', () => {
  it('refuses a request with no signature', async () => {
    const res = await twilioPost(makeHarness().app, '/voice', callParams(), 'none');
    expect([400, 403]).toContain(res.status);
    expect(res.text).not.toContain('<Response');
  });

  it('refuses a forged signature with 403', async () => {
    const res = await twilioPost(makeHarness().app, '/voice', callParams(), 'forged');
    expect(res.status).toBe(403);
  });

  it('refuses a valid signature when a parameter was changed after signing', async () => {
    const params = callParams({ Digits: '1' });
    const signature = twilio.getExpectedTwilioSignature(TEST_TOKEN, 'https://iop-line.example.org/voice/turn', params);
    const res = await request(makeHarness().app)
      .post('/voice/turn')
      .type('form')
      .set('X-Twilio-Signature', signature)
      .send({ ...params, Digits: '0' });
    expect(res.status).toBe(403);
  });

  it('accepts a request that reached us on http behind a TLS proxy, signed for the public https URL', async () => {
    const params = callParams();
    const signature = twilio.getExpectedTwilioSignature(TEST_TOKEN, 'https://iop-line.example.org/voice', params);
    const res = await request(makeHarness().app)
      .post('/voice')
      .set('Host', 'internal-host:8080')
      .set('X-Forwarded-Proto', 'http')
      .set('X-Twilio-Signature', signature)
      .type('form')
      .send(params);
    expect(res.status).toBe(200);
  });

  it('refuses a request signed for the internal URL instead of the public one', async () => {
    const params = callParams();
    const signature = twilio.getExpectedTwilioSignature(TEST_TOKEN, 'http://internal-host:8080/voice', params);
    const res = await request(makeHarness().app).post('/voice').set('X-Twilio-Signature', signature).type('form').send(params);
    expect(res.status).toBe(403);
  });

  it('signs over the call state in the action URL, so a caller cannot alter it', async () => {
    const harness = makeHarness();
    const params = callParams({ Digits: '1' });
    const signedFor = 'https://iop-line.example.org/voice/turn?lang=en&last=menu&asked=&silence=0&miss=0';
    const signature = twilio.getExpectedTwilioSignature(TEST_TOKEN, signedFor, params);
    const res = await request(harness.app)
      .post('/voice/turn?lang=en&last=menu&asked=&silence=2&miss=0')
      .set('X-Twilio-Signature', signature)
      .type('form')
      .send(params);
    expect(res.status).toBe(403);
  });

  it('serves the app under the path of PUBLIC_BASE_URL, and links stay under it', async () => {
    const harness = makeHarness({ PUBLIC_BASE_URL: 'https://clinic.example.org/iop' });
    const params = callParams();
    const signature = twilio.getExpectedTwilioSignature(TEST_TOKEN, 'https://clinic.example.org/iop/voice', params);
    const res = await request(harness.app).post('/iop/voice').set('X-Twilio-Signature', signature).type('form').send(params);
    expect(res.status).toBe(200);
    expect(find(parseTwiml(res.text), 'Gather')!.attrs.action).toMatch(/^\/iop\/voice\/turn\?/);
  });
});

describe('bad input', () => {
  it('a signed body without CallSid is a 400, not a crash', async () => {
    const res = await twilioPost(makeHarness().app, '/voice', { From: CALLER });
    expect(res.status).toBe(400);
  });

  it('a parameter sent twice is a 400', async () => {
    const app = makeHarness().app;
    const body = 'CallSid=CA1&Digits=1&Digits=2';
    const signature = twilio.getExpectedTwilioSignature(TEST_TOKEN, 'https://iop-line.example.org/voice/turn', {
      CallSid: 'CA1',
      Digits: ['1', '2'],
    } as never);
    const res = await request(app).post('/voice/turn').set('X-Twilio-Signature', signature).type('form').send(body);
    expect(res.status).toBe(400);
  });

  it('a JSON body is refused without a 5xx', async () => {
    const res = await request(makeHarness().app)
      .post('/voice')
      .set('X-Twilio-Signature', 'abc')
      .type('json')
      .send({ CallSid: 'CA1' });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it('a body over the size limit is a 413', async () => {
    const res = await twilioPost(makeHarness().app, '/voice/turn', callParams({ SpeechResult: 'a'.repeat(100_000) }));
    expect(res.status).toBe(413);
  });

  it.each([
    ['garbage digits', { Digits: '12#*abc' }],
    ['a 10 kB transcript', { SpeechResult: 'how much does it cost '.repeat(470) }],
    ['XML metacharacters in speech', { SpeechResult: '</Say><Dial>+15550000000</Dial> & <Hangup/>' }],
    ['emoji', { SpeechResult: '😀😀 cost 😀' }],
    ['NaN confidence', { SpeechResult: 'cost', Confidence: 'NaN' }],
  ])('%s gets safe TwiML that keeps listening', async (_label, extra) => {
    const res = await twilioPost(makeHarness().app, '/voice/turn?lang=xx&last=nope&asked=%00&silence=-4&miss=abc', callParams(extra));
    expect(res.status).toBe(200);
    const reply = parseTwiml(res.text);
    expect(findAll(reply, 'Dial').flatMap((d) => findAll(d, 'Number')).map((n) => n.text)).not.toContain('+15550000000');
    expect(verbs(reply)).toContain('Redirect');
  });
});

describe('fallback URL', () => {
  it('apologizes, rings intake, and gives the number to call back', async () => {
    const res = await twilioPost(makeHarness().app, '/voice/fallback', callParams({ ErrorCode: '11200' }));
    const reply = parseTwiml(res.text);
    expect(verbs(reply)).toEqual(['Say', 'Dial', 'Say', 'Hangup']);
    expect(spoken(reply)).toContain('8 5 5, 6 9 8, 3 5 5 4');
    expect(findAll(reply, 'Number')).toHaveLength(2);
  });
});

describe('health', () => {
  it('GET /healthz answers 200 without a signature', async () => {
    const res = await request(makeHarness().app).get('/healthz');
    expect(res.status).toBe(200);
  });
});
