import { LONG_PROMPT_SECONDS, Transcript } from '../../src/phone/transcript';

const say = (seconds: number) => ({ type: 'say' as const, leg: 'caller' as const, text: 'words', seconds, loop: 1, interruptible: true });

describe('the transcript', () => {
  it('marks a prompt longer than an answer should be', () => {
    const transcript = new Transcript(() => {});
    expect(transcript.render(say(LONG_PROMPT_SECONDS + 1))[0]).toContain(`⚠ over ${LONG_PROMPT_SECONDS} s`);
    expect(transcript.render(say(LONG_PROMPT_SECONDS - 1))[0]).not.toContain('⚠');
  });

  it('says how much the caller sat through before the line listens', () => {
    const transcript = new Transcript(() => {});
    transcript.render(say(6.4));
    transcript.render(say(12.8));
    expect(transcript.render({ type: 'listen', leg: 'caller', input: ['dtmf', 'speech'], timeoutSeconds: 5, numDigits: 1 })[0]).toContain('5 s after 19.2 s of prompts');
  });

  it('tells an error Twilio refuses from a warning it only logs', () => {
    const transcript = new Transcript(() => {});
    const base = { type: 'problem' as const, leg: 'caller' as const, url: 'https://x/voice' };
    expect(transcript.render({ ...base, severity: 'error', code: 12300, message: 'bad type' })[0]).toContain('Twilio would reject this reply (error 12300): bad type');
    expect(transcript.render({ ...base, severity: 'warning', code: 12200, message: 'odd attribute' })[0]).toContain('Twilio would warn (12200): odd attribute');
  });
});
