import { TOPIC_IDS } from '../../src/content/topics';
import { KEYPAD } from '../../src/flow/keypad';
import type { PhoneEvent } from '../../src/phone/call';
import { ScriptedPeople, type ScriptOptions } from '../../src/phone/callers';
import { PLACEHOLDER_INTAKE_NUMBERS } from '../../src/phone/line';
import { placeCall, type CallResult } from '../../src/phone/place-call';
import { Transcript } from '../../src/phone/transcript';
import { speakable, speakingSeconds } from '../../src/twiml/speakable';
import { testPrompts } from '../support/harness';

const { en, es } = testPrompts();
const spoken = (text: string) => speakable(text, en.spokenAs);
/** The offer of Spanish, spoken in Spanish after the first line whenever an English caller may be stuck. */
const spanishOffer = speakable(es!.languageOffer, es!.spokenAs);
const keyFor = (topic: string) => Object.keys(KEYPAD).find((k) => KEYPAD[k] === topic)!;

/** A scripted call to the real line, started in-process as `npm run call` starts it. */
function call(steps: ScriptOptions['steps'], rest: Omit<ScriptOptions, 'steps'> = {}): Promise<CallResult> {
  return placeCall({ people: new ScriptedPeople({ steps, ...rest }) });
}

/** What the caller heard after each of the line's replies, in order. */
function turns(result: CallResult): string[][] {
  const out: string[][] = [];
  for (const event of result.events) {
    if (event.type === 'webhook' && event.leg === 'caller' && !event.purpose.endsWith('callback')) out.push([]);
    if (event.type === 'say' && event.leg === 'caller') out.at(-1)!.push(event.text);
  }
  return out;
}

function eventsOf<T extends PhoneEvent['type']>(result: CallResult, type: T): Extract<PhoneEvent, { type: T }>[] {
  return result.events.filter((e): e is Extract<PhoneEvent, { type: T }> => e.type === type);
}

describe('scripted calls to the real line', () => {
  it('hears the greeting and the menu first, and every reply is TwiML Twilio accepts', async () => {
    const result = await call([]);
    expect(turns(result)[0]).toEqual([spoken(en.greeting), spanishOffer, spoken(en.menu)]);
    expect(result.problems).toEqual([]);
    expect(result.reason).toBe('caller-hangup');
  });

  it('gets each of the six answers by its key', async () => {
    const result = await call(TOPIC_IDS.map((topic) => ({ kind: 'keys' as const, digits: keyFor(topic) })));
    const heard = turns(result).slice(1);
    TOPIC_IDS.forEach((topic, i) => expect(heard[i]).toEqual([spoken(en.topics[topic].answer), spoken(en.followUp)]));
    expect(result.problems).toEqual([]);
  });

  it.each(TOPIC_IDS)('gets the %s answer by asking in a sentence', async (topic) => {
    const result = await call([{ kind: 'speech', transcript: en.topics[topic].phrases[0]! }]);
    expect(turns(result)[1]![0]).toBe(spoken(en.topics[topic].answer));
  });

  it('hears the last answer again on star', async () => {
    const result = await call([{ kind: 'keys', digits: keyFor('cost') }, { kind: 'keys', digits: '*' }]);
    expect(turns(result)[2]).toEqual(turns(result)[1]);
    expect(turns(result)[2]![0]).toBe(spoken(en.topics.cost.answer));
  });

  it('is asked again after a silence, then offered the menu, then told goodbye with the number to call', async () => {
    const result = await call([{ kind: 'silence' }, { kind: 'silence' }, { kind: 'silence' }]);
    const [, first, second, third] = turns(result);
    expect(first).toEqual([spoken(en.silence.first), spanishOffer]);
    expect(second).toEqual([spoken(en.silence.second), spanishOffer, spoken(en.menu)]);
    expect(third).toEqual([spoken(en.silence.goodbye)]);
    expect(result.reason).toBe('hangup');
  });

  it('is told a wrong key is not a choice, and hears the menu again', async () => {
    const result = await call([{ kind: 'keys', digits: '8' }]);
    expect(turns(result)[1]).toEqual([spoken(en.invalidKey), spanishOffer, spoken(en.menu)]);
  });

  it('is put through to intake on 0: every intake number rings, and an answered call ends the line\'s part', async () => {
    const result = await call([{ kind: 'keys', digits: '0' }], { dials: ['answered'] });
    expect(turns(result)[1]).toEqual([spoken(en.transfer.connecting)]);
    expect(eventsOf(result, 'dial')[0]!.numbers).toEqual(PLACEHOLDER_INTAKE_NUMBERS.split(','));
    expect(eventsOf(result, 'dial-end')).toEqual([expect.objectContaining({ status: 'completed', bridged: true })]);
    const dialAction = eventsOf(result, 'webhook').find((w) => w.purpose === 'Dial action')!;
    expect(dialAction.params).toMatchObject({ DialCallStatus: 'completed', DialBridged: 'true' });
    expect(result.reason).toBe('hangup');
  });

  it.each(['no-answer', 'busy'] as const)('when intake is %s, hears that nobody could pick up and is asked for a message', async (outcome) => {
    const result = await call([{ kind: 'speech', transcript: 'can I talk to a real person' }], { dials: [outcome] });
    expect(turns(result)[2]).toEqual([spoken(en.transfer.noAnswer), spoken(en.voicemail.prompt)]);
    expect(eventsOf(result, 'record')).toHaveLength(1);
    expect(result.problems).toEqual([]);
  });

  it('leaves a voicemail after nobody picks up: thanked, told when, the recording callback accepted', async () => {
    const message = 'hi this is sam please call me back about starting the program';
    const result = await call([{ kind: 'keys', digits: '0' }, { kind: 'speech', transcript: message }], { dials: ['no-answer'] });
    expect(eventsOf(result, 'recorded')).toEqual([expect.objectContaining({ transcript: message })]);
    const recordAction = eventsOf(result, 'webhook').find((w) => w.purpose === 'Record action')!;
    expect(recordAction.status).toBe(200);
    expect(turns(result)[3]).toEqual([spoken(en.voicemail.thanksSoon)]);
    const ready = eventsOf(result, 'webhook').find((w) => w.purpose === 'recording status callback')!;
    expect(ready.status).toBe(204);
    expect(result.reason).toBe('hangup');
    expect(result.problems).toEqual([]);
  });

  it('the transcript shows how long each prompt takes to say', async () => {
    const result = await call([]);
    const lines = result.events.flatMap((e) => new Transcript(() => {}).render(e));
    const greeting = lines.find((l) => l.includes(spoken(en.greeting)))!;
    expect(greeting).toContain(`${speakingSeconds(spoken(en.greeting)).toFixed(1)} s`);
  });
});
