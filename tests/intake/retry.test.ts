import { BACKOFF_FACTOR, FIRST_RETRY_DELAY_MS, SEND_ATTEMPTS, defaultRetryPolicy, isRetryable, safeError, withRetry, type Failure } from '../../src/intake/retry';

const twilioError = (status: number) => Object.assign(new Error('The number +15557654321 is unreachable'), { status, code: 21610 });

describe('withRetry', () => {
  it('returns the first success, waiting longer after each failure', async () => {
    const waits: number[] = [];
    const failures: Failure[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls < 4) throw twilioError(503);
        return 'sent';
      },
      defaultRetryPolicy(async (ms) => void waits.push(ms)),
      (f) => failures.push(f),
    );
    expect(result).toBe('sent');
    expect(waits).toEqual([FIRST_RETRY_DELAY_MS, FIRST_RETRY_DELAY_MS * BACKOFF_FACTOR, FIRST_RETRY_DELAY_MS * BACKOFF_FACTOR ** 2]);
    expect(failures.map((f) => f.attempt)).toEqual([1, 2, 3]);
  });

  it('gives up after SEND_ATTEMPTS and throws the last error; the last failure has no retry time', async () => {
    const failures: Failure[] = [];
    await expect(withRetry(() => Promise.reject(twilioError(500)), defaultRetryPolicy(async () => {}), (f) => failures.push(f))).rejects.toThrow();
    expect(failures).toHaveLength(SEND_ATTEMPTS);
    expect(failures.at(-1)).not.toHaveProperty('retryInMs');
  });

  it('does not retry a request Twilio refused, but does retry rate limiting and no answer at all', () => {
    expect(isRetryable(twilioError(400))).toBe(false);
    expect(isRetryable(twilioError(404))).toBe(false);
    expect(isRetryable(twilioError(429))).toBe(true);
    expect(isRetryable(twilioError(502))).toBe(true);
    expect(isRetryable(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(true);
  });

  it("keeps only an error's type, status and code: Twilio's messages can quote phone numbers", () => {
    expect(safeError(twilioError(400))).toEqual({ type: 'Error', status: 400, code: 21610 });
    expect(JSON.stringify(safeError(twilioError(400)))).not.toContain('+1555');
    expect(safeError('boom')).toEqual({ type: 'string' });
  });
});
