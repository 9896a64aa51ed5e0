import type { Logger } from 'pino';
import type { PromptLibrary } from '../content/load';
import { fillIn } from '../content/template';
import type { CallState } from '../flow/state';
import { presentableCallerId } from './caller-id';
import { withRetry, type RetryPolicy } from './retry';
import type { TwilioRest } from './twilio-rest';

/** A message a caller left, as Twilio's recording status callback describes it (plus our call state). */
export interface Voicemail {
  callSid: string;
  recordingSid: string;
  recordingUrl: string;
  seconds: number;
  startedAt: Date;
  /** The call state the Record carried: what the caller asked about, whether they heard the crisis message. */
  state: CallState;
}

const SECONDS_PER_MINUTE = 60;

/** "3:05": how long the message is. */
function minutesAndSeconds(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  return `${Math.floor(whole / SECONDS_PER_MINUTE)}:${String(whole % SECONDS_PER_MINUTE).padStart(2, '0')}`;
}

/** "Tue, Mar 10, 9:41 PM EDT": when the message was left, on the clinic's clock. */
function clinicTime(at: Date, timeZone: string): string {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  });
  return format.format(at).replace(/[\u00a0\u202f]/g, ' ');
}

/**
 * The text to intake staff (English, from prompts/en.yaml staff.voicemailSms): who called, when, how
 * long the message is, what they asked about, and the recording. Never the clinic or a condition.
 */
export function voicemailText(prompts: PromptLibrary, voicemail: Voicemail, caller: string | undefined, timeZone: string): string {
  const en = prompts.en;
  const words = en.staff.voicemailSms;
  const topics = voicemail.state.asked.map((topic) => en.topics[topic].label);
  const text = fillIn(words.text, {
    caller: caller ?? words.unknownCaller,
    time: clinicTime(voicemail.startedAt, timeZone),
    length: minutesAndSeconds(voicemail.seconds),
    asked: topics.length > 0 ? fillIn(words.askedAbout, { topics: topics.join(', ') }) : words.askedForPerson,
    link: voicemail.recordingUrl,
  });
  return voicemail.state.last === 'crisis' ? `${words.urgent} ${text}` : text;
}

export interface NotifyDeps {
  rest: TwilioRest;
  staffNumbers: readonly string[];
  prompts: PromptLibrary;
  timeZone: string;
  logger: Logger;
  retry: RetryPolicy;
}

/**
 * Texts every staff number about a voicemail. The caller's number is looked up by CallSid through
 * the REST API (the recording callback does not carry it, and it never travels in our URLs); if
 * that fails, the text still goes, saying the number is unknown, since the message itself usually
 * holds it. Each send is retried; every failure is logged with CallSid and RecordingSid only, and
 * a text that could not be delivered after the last try says so in an error line.
 */
export async function notifyStaff(deps: NotifyDeps, voicemail: Voicemail): Promise<void> {
  const { logger } = deps;
  const ids = { callSid: voicemail.callSid, recordingSid: voicemail.recordingSid };
  let caller: string | undefined;
  try {
    const from = await withRetry(() => deps.rest.callerOf(voicemail.callSid), deps.retry, (failure) =>
      logger.warn({ ...ids, ...failure }, 'caller look-up for a voicemail text failed'),
    );
    caller = presentableCallerId(from);
  } catch {
    logger.warn(ids, "voicemail text goes without the caller's number: the call could not be looked up");
  }
  const body = voicemailText(deps.prompts, voicemail, caller, deps.timeZone);
  await Promise.all(
    deps.staffNumbers.map(async (to, index) => {
      // Which STAFF_SMS_NUMBERS entry, counted from 1: staff phones are not caller data, but an index is enough.
      const recipient = index + 1;
      try {
        await withRetry(() => deps.rest.sendSms(to, body), deps.retry, (failure) =>
          logger.warn({ ...ids, recipient, ...failure }, 'voicemail text failed'),
        );
        logger.info({ ...ids, recipient }, 'voicemail text sent');
      } catch {
        logger.error({ ...ids, recipient }, 'voicemail notification was not delivered');
      }
    }),
  );
}
