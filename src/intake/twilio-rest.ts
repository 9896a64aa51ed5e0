import type { Config } from '../config';

/**
 * The line's only door to Twilio's REST API. The app receives a TwilioRest (AppDeps.rest); tests
 * pass a fake, so no test touches the network. Nothing here runs inside a caller's webhook: the
 * callers of this adapter run it as background work (src/intake/background.ts).
 */
export interface TwilioRest {
  /** Sends one text message from TWILIO_SMS_FROM. */
  sendSms(to: string, body: string): Promise<void>;
  /** The From of a call: the recording callback does not carry it, and it never travels in our URLs. */
  callerOf(callSid: string): Promise<string | undefined>;
  /** What Twilio kept of a finished call: its end, its <Dial> legs, its recordings. */
  callFacts(callSid: string): Promise<CallFacts>;
}

export interface CallLeg {
  /** The leg's final status: completed (it was answered), no-answer, busy, failed, canceled. */
  status: string;
  endedAt?: Date;
}

export interface CallRecording {
  /** Seconds; Twilio reports -1 while a recording is still being processed. */
  seconds: number;
  status: string;
}

export interface CallFacts {
  endedAt?: Date;
  legs: CallLeg[];
  recordings: CallRecording[];
}

/** One REST request may take this long before it counts as failed; our own retry policy then decides. */
export const REST_TIMEOUT_MS = 10_000;
/** A call rings at most 10 numbers at once, and a caller may try a few times. */
const MAX_LISTED = 50;

interface Credentials {
  username: string;
  password: string;
  accountSid: string;
}

/** The account with its auth token, or an API key and secret (preferred: it can be revoked alone). */
export function restCredentials(config: Config): Credentials | undefined {
  const accountSid = config.TWILIO_ACCOUNT_SID;
  if (!accountSid) return undefined;
  if (config.TWILIO_API_KEY && config.TWILIO_API_SECRET) {
    return { username: config.TWILIO_API_KEY, password: config.TWILIO_API_SECRET, accountSid };
  }
  return { username: accountSid, password: config.TWILIO_AUTH_TOKEN, accountSid };
}

/** Whether a voicemail can be texted to staff: credentials, a sender and at least one staff number. */
export function smsConfigured(config: Config): boolean {
  return Boolean(restCredentials(config) && config.TWILIO_SMS_FROM && config.STAFF_SMS_NUMBERS?.length);
}

/**
 * What is missing for voicemail texts, said once at start-up as a warning (not an error: voicemail
 * still records, and staff can hear it in the Twilio console). Empty when everything is set.
 */
export function notificationGaps(config: Config): string[] {
  const gaps: string[] = [];
  if (!config.TWILIO_ACCOUNT_SID) gaps.push('TWILIO_ACCOUNT_SID');
  if (!config.TWILIO_SMS_FROM) gaps.push('TWILIO_SMS_FROM');
  if (!config.STAFF_SMS_NUMBERS?.length) gaps.push('STAFF_SMS_NUMBERS');
  return gaps;
}

/**
 * The real adapter over twilio's client, or undefined when no credentials are configured.
 * The client is loaded here, not at the top of the module: the whole twilio package costs about
 * 300 ms and 9 MB at start-up, which a line without REST credentials should not pay.
 */
export function createTwilioRest(config: Config): TwilioRest | undefined {
  const credentials = restCredentials(config);
  if (!credentials) return undefined;
  const twilio = require('twilio') as typeof import('twilio');
  const client = twilio(credentials.username, credentials.password, {
    accountSid: credentials.accountSid,
    timeout: REST_TIMEOUT_MS,
    // Our retry policy (src/intake/retry.ts) governs, so a failure is never retried twice over.
    autoRetry: false,
  });
  const from = config.TWILIO_SMS_FROM;
  return {
    async sendSms(to, body) {
      if (!from) throw new Error('TWILIO_SMS_FROM is not set');
      await client.messages.create({ to, from, body });
    },
    async callerOf(callSid) {
      const call = await client.calls(callSid).fetch();
      return call.from || undefined;
    },
    async callFacts(callSid) {
      const [call, legs, recordings] = await Promise.all([
        client.calls(callSid).fetch(),
        client.calls.list({ parentCallSid: callSid, limit: MAX_LISTED }),
        client.recordings.list({ callSid, limit: MAX_LISTED }),
      ]);
      return {
        endedAt: call.endTime ?? undefined,
        legs: legs.map((leg) => ({ status: leg.status, endedAt: leg.endTime ?? undefined })),
        recordings: recordings.map((r) => ({ seconds: Number(r.duration), status: r.status })),
      };
    },
  };
}
