import { BRIDGE_END_SLACK_MS, outcomeOf } from '../../src/intake/call-outcome';

const END = new Date('2026-03-09T14:30:00Z');
const before = (ms: number) => new Date(END.getTime() - ms);

describe('outcomeOf: what can be known of a finished call', () => {
  it.each(['busy', 'no-answer', 'canceled', 'failed'])('%s: the line never took the call', (status) => {
    expect(outcomeOf(status, undefined)).toBe('never-answered');
  });

  it('completed without a look-up: unknown', () => {
    expect(outcomeOf('completed', undefined)).toBe('unknown');
  });

  it('a recording, even one still processing (-1 s), is a voicemail; an absent one is not', () => {
    expect(outcomeOf('completed', { endedAt: END, legs: [], recordings: [{ seconds: -1, status: 'processing' }] })).toBe('voicemail');
    expect(outcomeOf('completed', { endedAt: END, legs: [], recordings: [{ seconds: 0, status: 'absent' }] })).toBe('line-only');
  });

  it('an answered leg that ended with the call is a transfer', () => {
    const legs = [{ status: 'completed', endedAt: before(BRIDGE_END_SLACK_MS) }];
    expect(outcomeOf('completed', { endedAt: END, legs, recordings: [] })).toBe('transferred');
  });

  it('an answered leg that ended well before the call (declined at the whisper) is not', () => {
    const legs = [{ status: 'completed', endedAt: before(BRIDGE_END_SLACK_MS + 1000) }];
    expect(outcomeOf('completed', { endedAt: END, legs, recordings: [] })).toBe('no-message');
  });

  it('legs rung but none answered, and no message: no-message', () => {
    expect(outcomeOf('completed', { endedAt: END, legs: [{ status: 'no-answer' }, { status: 'busy' }], recordings: [] })).toBe('no-message');
  });

  it('nobody rung and no message: the line alone', () => {
    expect(outcomeOf('completed', { endedAt: END, legs: [], recordings: [] })).toBe('line-only');
  });
});
