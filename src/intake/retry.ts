/**
 * Retries a call to Twilio's REST API with exponential backoff. Twilio's own client retries are
 * switched off (src/intake/twilio-rest.ts), so this policy alone decides, and every failure is
 * reported to the caller of withRetry, which logs it.
 */

/** Tries in all, the first included: with the delays below, the last try starts about 30 s after the first. */
export const SEND_ATTEMPTS = 5;
/** Wait before the second try; each later wait is BACKOFF_FACTOR times longer (2, 4, 8, 16 s). */
export const FIRST_RETRY_DELAY_MS = 2_000;
export const BACKOFF_FACTOR = 2;
/** HTTP status that means "slow down", worth another try. */
const TOO_MANY_REQUESTS = 429;
const FIRST_SERVER_ERROR = 500;

export interface RetryPolicy {
  attempts: number;
  firstDelayMs: number;
  factor: number;
  /** How to wait between tries; tests pass one that returns at once. */
  sleep: (ms: number) => Promise<void>;
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function defaultRetryPolicy(sleep: (ms: number) => Promise<void> = realSleep): RetryPolicy {
  return { attempts: SEND_ATTEMPTS, firstDelayMs: FIRST_RETRY_DELAY_MS, factor: BACKOFF_FACTOR, sleep };
}

/** What may be logged of an error. Twilio's messages can quote the phone numbers involved, so never the message. */
export interface SafeError {
  type: string;
  /** HTTP status from Twilio, when it answered. */
  status?: number;
  /** Twilio's error code (https://www.twilio.com/docs/api/errors), when it gave one. */
  code?: number | string;
}

export function safeError(err: unknown): SafeError {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { name?: unknown; status?: unknown; code?: unknown };
  const safe: SafeError = { type: typeof e.name === 'string' ? e.name : typeof err };
  if (typeof e.status === 'number') safe.status = e.status;
  if (typeof e.code === 'number' || typeof e.code === 'string') safe.code = e.code;
  return safe;
}

/** Whether another try could help: no answer at all (network, timeout), rate limiting, or Twilio's own fault. Not a request Twilio refused. */
export function isRetryable(err: unknown): boolean {
  const status = safeError(err).status;
  return status === undefined || status === TOO_MANY_REQUESTS || status >= FIRST_SERVER_ERROR;
}

export interface Failure {
  attempt: number;
  attempts: number;
  /** Milliseconds until the next try; absent when this was the last. */
  retryInMs?: number;
  error: SafeError;
}

/** Runs `work` until it succeeds, or throws its last error; `onFailure` hears of every failed try. */
export async function withRetry<T>(work: () => Promise<T>, policy: RetryPolicy, onFailure: (failure: Failure) => void): Promise<T> {
  let delay = policy.firstDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      const again = attempt < policy.attempts && isRetryable(err);
      onFailure({ attempt, attempts: policy.attempts, ...(again ? { retryInMs: delay } : {}), error: safeError(err) });
      if (!again) throw err;
      await policy.sleep(delay);
      delay *= policy.factor;
    }
  }
}
