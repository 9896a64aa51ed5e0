import { parseWebhookBody } from '../../src/http/webhook-body';
import { CALL_SID, callParams } from '../support/harness';

describe('the voice webhook body', () => {
  it('keeps the fields the line uses and drops the rest', () => {
    expect(parseWebhookBody(callParams({ Digits: '1', SpeechResult: 'cost', Confidence: '0.9', DialBridged: 'true' }))).toEqual({
      CallSid: CALL_SID,
      From: callParams().From,
      Digits: '1',
      SpeechResult: 'cost',
      Confidence: '0.9',
      DialBridged: 'true',
    });
  });

  it('needs a CallSid of 1 to 64 characters', () => {
    expect(parseWebhookBody({ From: '+15551230000' })).toBeUndefined();
    expect(parseWebhookBody({ CallSid: '' })).toBeUndefined();
    expect(parseWebhookBody({ CallSid: 'C'.repeat(64) })).toEqual({ CallSid: 'C'.repeat(64) });
    expect(parseWebhookBody({ CallSid: 'C'.repeat(65) })).toBeUndefined();
  });

  it.each([
    ['From', 64],
    ['Digits', 64],
    ['Confidence', 32],
    ['DialCallStatus', 32],
    ['DialBridged', 8],
  ])('refuses a %s longer than %i characters', (field, max) => {
    expect(parseWebhookBody({ CallSid: 'CA1', [field]: 'x'.repeat(max) })).toEqual({ CallSid: 'CA1', [field]: 'x'.repeat(max) });
    expect(parseWebhookBody({ CallSid: 'CA1', [field]: 'x'.repeat(max + 1) })).toBeUndefined();
  });

  it('counts characters, not UTF-16 units: an emoji is one', () => {
    expect(parseWebhookBody({ CallSid: 'CA1', DialBridged: '😀'.repeat(8) })).toBeDefined();
    expect(parseWebhookBody({ CallSid: 'CA1', DialBridged: '😀'.repeat(9) })).toBeUndefined();
  });

  it('takes a transcript of any length (the line reads only its start)', () => {
    expect(parseWebhookBody({ CallSid: 'CA1', SpeechResult: 'how much '.repeat(500) })?.SpeechResult).toHaveLength(4500);
  });

  it('refuses a field sent twice, or anything that is not a form body', () => {
    expect(parseWebhookBody({ CallSid: 'CA1', Digits: ['1', '2'] })).toBeUndefined();
    expect(parseWebhookBody({ CallSid: ['CA1', 'CA2'] })).toBeUndefined();
    for (const body of [null, undefined, 'CallSid=CA1', 3, [{ CallSid: 'CA1' }]]) expect(parseWebhookBody(body)).toBeUndefined();
  });
});
