import { PATHS } from '../flow/links';
import { PhoneCall, type EndReason, type PhoneEvent, type Problem } from './call';
import type { People } from './callers';
import { startLocalLine, type LocalLineOptions } from './line';
import type { Transport } from './webhook';

/** The caller's number when none is given: a 555-01xx number, reserved for fiction. */
export const PLACEHOLDER_CALLER = '+15555550199';
/** The number the caller dials, as Twilio sends it in To. */
export const PLACEHOLDER_LINE_NUMBER = '+18555550123';

export interface PlaceCallOptions {
  /** Call a running line: its PUBLIC_BASE_URL (or its /voice URL). Without it, the line starts in-process. */
  url?: string;
  /** The running line's TWILIO_AUTH_TOKEN; needed with `url`. */
  authToken?: string;
  /** For the in-process line: settings on top of the throwaway ones, and where its logs go. */
  local?: LocalLineOptions;
  people: People;
  from?: string;
  to?: string;
  /** The number's status callback, as a path under the line's base URL; none by default. */
  statusCallbackPath?: string;
  onEvent?: (event: PhoneEvent) => void | Promise<void>;
  transport?: Transport;
  replyLimitMs?: number;
}

export interface CallResult {
  reason: EndReason;
  problems: Problem[];
  events: PhoneEvent[];
  seconds: number;
}

/** Base URL and Voice URL from what a person typed: a base, or the /voice URL itself. */
export function lineUrls(url: string): { baseUrl: string; voiceUrl: string } {
  const trimmed = url.replace(/\/+$/, '');
  const baseUrl = trimmed.endsWith(PATHS.incoming) ? trimmed.slice(0, -PATHS.incoming.length) : trimmed;
  return { baseUrl, voiceUrl: baseUrl + PATHS.incoming };
}

/**
 * Places one call, configured as the README sets up the Twilio number (Voice URL /voice, fallback
 * /voice/fallback), lets `people` act at every prompt, and returns how it ended and all it saw.
 */
export async function placeCall(options: PlaceCallOptions): Promise<CallResult> {
  const local = options.url ? undefined : await startLocalLine(options.local);
  try {
    const baseUrl = local ? local.baseUrl : lineUrls(options.url!).baseUrl;
    const authToken = local ? local.authToken : options.authToken;
    if (!authToken) throw new Error('calling a running line needs its TWILIO_AUTH_TOKEN to sign requests');
    const call = new PhoneCall({
      voiceUrl: baseUrl + PATHS.incoming,
      fallbackUrl: baseUrl + PATHS.fallback,
      statusCallback: options.statusCallbackPath ? baseUrl + options.statusCallbackPath : undefined,
      authToken,
      from: options.from ?? PLACEHOLDER_CALLER,
      to: options.to ?? PLACEHOLDER_LINE_NUMBER,
      transport: options.transport,
      replyLimitMs: options.replyLimitMs,
    });
    const events: PhoneEvent[] = [];
    call.on((event) => void events.push(event));
    if (options.onEvent) call.on(options.onEvent);

    const steps = call.run();
    let step = await steps.next();
    while (!step.done) step = await steps.next(await options.people.answer(step.value));
    return { reason: step.value, problems: call.problems, events, seconds: Math.round(call.seconds) };
  } finally {
    await local?.close();
  }
}
