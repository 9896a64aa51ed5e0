import { z } from 'zod';
import type { CallerInput, DialResult } from '../flow/call';

/** Longest transcript the line reads; Twilio's own are far shorter, so more is noise or an attack. */
const MAX_SPEECH_CHARS = 1000;

/**
 * The Twilio parameters the line uses. Others are allowed and ignored. A field that arrives twice
 * (an array) or not as text fails here with a 400 rather than deeper in the flow.
 */
export const webhookBodySchema = z.object({
  CallSid: z.string().min(1).max(64),
  From: z.string().max(64).optional(),
  Digits: z.string().max(64).optional(),
  SpeechResult: z.string().optional(),
  Confidence: z.string().max(32).optional(),
  DialCallStatus: z.string().max(32).optional(),
  DialBridged: z.string().max(8).optional(),
});

export type WebhookBody = z.output<typeof webhookBodySchema>;

/** What the caller did at a Gather: keys win over speech; neither is silence. */
export function callerInput(body: WebhookBody): CallerInput {
  if (body.Digits !== undefined) return { kind: 'keys', digits: body.Digits };
  const transcript = body.SpeechResult?.slice(0, MAX_SPEECH_CHARS).trim();
  if (transcript) return { kind: 'speech', transcript, confidence: confidence(body.Confidence) };
  return { kind: 'silence' };
}

/** The DialCallStatus values Twilio sends; any other text is not passed on (it ends up in the log). */
const DIAL_STATUSES: readonly string[] = ['completed', 'answered', 'busy', 'no-answer', 'failed', 'canceled'];

export function dialResult(body: WebhookBody): DialResult {
  const bridged = body.DialBridged === 'true' ? true : body.DialBridged === 'false' ? false : undefined;
  const status = body.DialCallStatus === undefined ? 'failed' : DIAL_STATUSES.includes(body.DialCallStatus) ? body.DialCallStatus : 'unknown';
  return { status, bridged };
}

/** Twilio's 0..1 score; anything else (NaN, "high", -3) means "unknown", not an error. */
function confidence(raw: string | undefined): number | undefined {
  const value = raw === undefined ? NaN : Number(raw);
  return Number.isFinite(value) && value >= 0 && value <= 1 ? value : undefined;
}
