import { PassThrough } from 'node:stream';
import readline from 'node:readline';
import { parseTyped, ScriptedPeople, TerminalPeople } from '../../src/phone/callers';
import type { Need } from '../../src/phone/call';

const atGather: Need = { kind: 'gather', leg: 'caller', input: ['dtmf', 'speech'], timeoutSeconds: 5 };
const atWhisper: Need = { kind: 'gather', leg: 'staff', input: ['dtmf'], timeoutSeconds: 5 };
const ringing: Need = { kind: 'dial', numbers: ['+15555550100'], timeoutSeconds: 25 };

describe('what a person types', () => {
  it.each([
    ['1', { kind: 'keys', digits: '1' }],
    ['*', { kind: 'keys', digits: '*' }],
    ['  ', { kind: 'silence' }],
    ['/hangup', { kind: 'hangup' }],
    ['how much is it', { kind: 'speech', transcript: 'how much is it' }],
    ['one', { kind: 'speech', transcript: 'one' }],
  ])('"%s" is %j', (typed, action) => {
    expect(parseTyped(typed)).toEqual(action);
  });
});

describe('a person at the terminal', () => {
  function terminal(lines: string[], end = true) {
    const input = new PassThrough();
    const rl = readline.createInterface({ input, terminal: false });
    const people = new TerminalPeople(rl, { ask: false });
    input.write(lines.map((l) => `${l}\n`).join(''));
    if (end) input.end();
    return people;
  }

  it('answers each prompt with the next line, and hangs up at the end of input', async () => {
    const people = terminal(['3', '', 'is there drug testing']);
    expect(await people.answer(atGather)).toEqual({ kind: 'keys', digits: '3' });
    expect(await people.answer(atGather)).toEqual({ kind: 'silence' });
    expect(await people.answer(atGather)).toMatchObject({ kind: 'speech', transcript: 'is there drug testing' });
    expect(await people.answer(atGather)).toEqual({ kind: 'hangup' });
  });

  it('chooses how ringing ends by its first letter, and asks again after an answer it cannot read', async () => {
    const people = terminal(['maybe', 'b']);
    expect(await people.answer(ringing)).toEqual({ outcome: 'busy' });
  });

  it('lets staff press a key at the whisper', async () => {
    const people = terminal(['1']);
    expect(await people.answer(atWhisper)).toEqual({ kind: 'keys', digits: '1' });
  });
});

describe('a scripted call', () => {
  it('plays its steps in order, then hangs up; dial outcomes repeat the last; staff press 1 by default', async () => {
    const people = new ScriptedPeople({ steps: [{ kind: 'keys', digits: '0' }], dials: ['no-answer'] });
    expect(await people.answer(atGather)).toEqual({ kind: 'keys', digits: '0' });
    expect(await people.answer(ringing)).toEqual({ outcome: 'no-answer' });
    expect(await people.answer(ringing)).toEqual({ outcome: 'no-answer' });
    expect(await people.answer(atWhisper)).toEqual({ kind: 'keys', digits: '1' });
    expect(await people.answer(atGather)).toEqual({ kind: 'hangup' });
    expect(people.scriptEnded).toBe(true);
  });
});
