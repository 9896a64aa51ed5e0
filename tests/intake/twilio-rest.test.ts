import { createTwilioRest, notificationGaps, restCredentials, smsConfigured } from '../../src/intake/twilio-rest';
import { TEST_TOKEN, testConfig } from '../support/harness';

const ACCOUNT = `AC${'0123456789abcdef'.repeat(2)}`;
const KEY = `SK${'fedcba9876543210'.repeat(2)}`;

describe('REST credentials', () => {
  it('none without TWILIO_ACCOUNT_SID: no adapter is built', () => {
    expect(restCredentials(testConfig())).toBeUndefined();
    expect(createTwilioRest(testConfig())).toBeUndefined();
  });

  it('the account with its auth token', () => {
    expect(restCredentials(testConfig({ TWILIO_ACCOUNT_SID: ACCOUNT }))).toEqual({ username: ACCOUNT, password: TEST_TOKEN, accountSid: ACCOUNT });
  });

  it('an API key and secret when given', () => {
    const config = testConfig({ TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_API_KEY: KEY, TWILIO_API_SECRET: 'secret' });
    expect(restCredentials(config)).toEqual({ username: KEY, password: 'secret', accountSid: ACCOUNT });
    // Building the client makes no request.
    expect(createTwilioRest(config)).toBeDefined();
  });
});

describe('voicemail texts need credentials, a sender and staff numbers', () => {
  it('names what is missing, for the one start-up warning', () => {
    expect(notificationGaps(testConfig())).toEqual(['TWILIO_ACCOUNT_SID', 'TWILIO_SMS_FROM', 'STAFF_SMS_NUMBERS']);
    expect(smsConfigured(testConfig())).toBe(false);
  });

  it('is on when all three are set', () => {
    const config = testConfig({ TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_SMS_FROM: '+18556983554', STAFF_SMS_NUMBERS: '+15551239001' });
    expect(notificationGaps(config)).toEqual([]);
    expect(smsConfigured(config)).toBe(true);
  });
});
