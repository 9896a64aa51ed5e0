import { INTAKE_A, INTAKE_B, callParams, makeHarness, twilioPost } from '../support/harness';
import { speakable } from '../../src/twiml/speakable';
import { find, findAll, parseTwiml, spoken } from '../support/twiml';

// The matcher throws on every sentence: a stand-in for any bug deep in a handler.
jest.mock('../../src/speech/matcher', () => ({
  ...jest.requireActual('../../src/speech/matcher'),
  buildMatcher: () => ({
    match: () => {
      throw new Error('matcher exploded');
    },
  }),
}));

describe('when a handler throws', () => {
  it('the caller hears an apology and is put through to intake, with HTTP 200', async () => {
    const harness = makeHarness();
    const res = await twilioPost(harness.app, '/voice/turn', callParams({ SpeechResult: 'how much does it cost' }));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/xml/);
    const reply = parseTwiml(res.text);
    expect(spoken(reply)).toContain('something went wrong on our end');
    expect(findAll(find(reply, 'Dial')!, 'Number').map((n) => n.text)).toEqual([INTAKE_A, INTAKE_B]);
  });

  it('the error is logged with where it broke, but not what the caller said', async () => {
    const harness = makeHarness();
    await twilioPost(harness.app, '/voice/turn', callParams({ SpeechResult: 'how much does it cost' }));
    const errorLine = harness.logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'webhook failed');
    expect(errorLine.err.message).toBe('matcher exploded');
    expect(harness.logs.join('\n')).not.toContain('how much does it cost');
  });

  it("the apology is in the caller's language: a Spanish caller hears it in Spanish", async () => {
    const harness = makeHarness();
    const es = harness.prompts.es!;
    const res = await twilioPost(harness.app, '/voice/turn?lang=es&last=menu&asked=&silence=0&miss=0', callParams({ SpeechResult: 'cuánto cuesta' }));
    expect(res.status).toBe(200);
    const reply = parseTwiml(res.text);
    expect(spoken(reply)).toContain(speakable(es.technicalProblem, es.spokenAs));
    expect(spoken(reply)).toContain(speakable(es.fallback.callBack, es.spokenAs));
    expect(find(reply, 'Say')!.attrs.voice).toBe(es.voice);
    expect(findAll(find(reply, 'Dial')!, 'Number').map((n) => n.text)).toEqual([INTAKE_A, INTAKE_B]);
  });

  it('keys still work, since they never reach the matcher', async () => {
    const res = await twilioPost(makeHarness().app, '/voice/turn', callParams({ Digits: '3' }));
    expect(spoken(parseTwiml(res.text))).toContain('insurance');
  });
});
