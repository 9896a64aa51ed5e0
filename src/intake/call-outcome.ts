import type { Logger } from 'pino';
import { withRetry, type RetryPolicy } from './retry';
import type { CallFacts, TwilioRest } from './twilio-rest';

/**
 * How a finished call went, for the one log line per call that POST /voice/status writes.
 *
 * What can be known, honestly. The status callback is configured on the number, so it carries no
 * state of ours, and the line keeps no call in memory. Its parameters say only the final
 * CallStatus and the duration. With REST credentials, a background look-up by CallSid adds what
 * Twilio kept: the call's <Dial> legs and its recordings. From those:
 * - voicemail: the call has a recording (the <Record> verb; empty ones are not kept);
 * - transferred: a Dial leg was answered and ended together with the call (a bridged conversation
 *   ends the call: the Dial action answers <Hangup/>). A leg that answered and was declined at the
 *   whisper ends earlier, while the caller goes on to voicemail; a caller who hangs up within
 *   BRIDGE_END_SLACK_MS of declining would be counted as transferred, a rare edge;
 * - no-message: a person was rung, nobody took the call, and the caller hung up without leaving a
 *   message;
 * - line-only: nobody was rung and no message was left. This covers both "answered by the line
 *   only" and "hung up in the menu": the two cannot be told apart here without call memory. The
 *   per-webhook log lines of the same callSid show which (answer-… outcomes, or none);
 * - never-answered: CallStatus busy, no-answer, canceled or failed (the line never took the call);
 * - unknown: completed, but REST is not configured or the look-up failed.
 */
export type CallOutcome = 'transferred' | 'voicemail' | 'no-message' | 'line-only' | 'never-answered' | 'unknown';

/** Final call statuses; other status callbacks (ringing, in-progress) get no line. */
export const FINISHED_STATUSES: ReadonlySet<string> = new Set(['completed', 'busy', 'no-answer', 'canceled', 'failed']);

/** How close a Dial leg's end must be to the call's end to count as the bridged conversation. */
export const BRIDGE_END_SLACK_MS = 3_000;

export function outcomeOf(callStatus: string, facts: CallFacts | undefined): CallOutcome {
  if (callStatus !== 'completed') return 'never-answered';
  if (!facts) return 'unknown';
  // Twilio reports -1 seconds while a recording is still being processed: it exists all the same.
  if (facts.recordings.some((r) => r.seconds !== 0 && r.status !== 'absent' && r.status !== 'failed')) return 'voicemail';
  const callEnd = facts.endedAt?.getTime();
  const bridged = facts.legs.some(
    (leg) => leg.status === 'completed' && callEnd !== undefined && leg.endedAt !== undefined && Math.abs(callEnd - leg.endedAt.getTime()) <= BRIDGE_END_SLACK_MS,
  );
  if (bridged) return 'transferred';
  return facts.legs.length > 0 ? 'no-message' : 'line-only';
}

export interface FinishedCall {
  callSid: string;
  callStatus: string;
  seconds?: number;
}

export interface OutcomeDeps {
  rest?: TwilioRest;
  logger: Logger;
  retry: RetryPolicy;
}

/** Writes the call's one "call ended" line, after a REST look-up when it can help. Never caller data. */
export async function logCallEnd(deps: OutcomeDeps, call: FinishedCall): Promise<void> {
  const { logger, rest } = deps;
  let facts: CallFacts | undefined;
  let basis = 'status-callback';
  if (rest && call.callStatus === 'completed') {
    try {
      facts = await withRetry(() => rest.callFacts(call.callSid), deps.retry, (failure) =>
        logger.warn({ callSid: call.callSid, ...failure }, 'call look-up for the status log failed'),
      );
      basis = 'rest-lookup';
    } catch {
      basis = 'rest-lookup-failed';
    }
  }
  logger.info(
    { callSid: call.callSid, callStatus: call.callStatus, seconds: call.seconds, outcome: outcomeOf(call.callStatus, facts), basis },
    'call ended',
  );
}
