import { performance } from 'node:perf_hooks';
import twilio from 'twilio';
import { checkTwiml, TWILIO_ERRORS, type Leg, type Problem } from './twilio-schema';
import { parseTwiml, type TwimlNode } from './twiml';

/** Twilio waits this long for a whole reply, then gives up on it (and goes to the fallback URL). */
export const TWILIO_REPLY_LIMIT_MS = 15_000;

/** The media types Twilio reads as TwiML. */
const TWIML_CONTENT_TYPES = ['text/xml', 'application/xml'];

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

export interface HttpResponse {
  status: number;
  contentType: string;
  text: string;
}

/** How a request reaches the line: real HTTP by default; tests may hand the app a request directly. */
export type Transport = (request: HttpRequest) => Promise<HttpResponse>;

export const fetchTransport: Transport = async ({ method, url, headers, body, signal }) => {
  const res = await fetch(url, { method, headers, body, signal });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
};

export interface WebhookOptions {
  authToken: string;
  transport: Transport;
  /** Twilio's 15 s unless a test shortens it. */
  limitMs: number;
}

export interface Webhook {
  method: 'GET' | 'POST';
  /** Absolute URL, as Twilio would call it. */
  url: string;
  params: Record<string, string>;
  leg: Leg;
  /** A TwiML fetch, or a callback whose reply only needs to be 2xx. */
  expects: 'twiml' | 'ack';
}

export interface WebhookResult {
  /** The URL requested; for GET it carries the parameters. */
  url: string;
  status?: number;
  contentType?: string;
  body?: string;
  ms: number;
  twiml?: TwimlNode;
  problems: Problem[];
}

/**
 * Makes one request the way Twilio does: the parameters form-encoded (POST) or in the query (GET),
 * signed with X-Twilio-Signature over the full URL (plus, for POST, every parameter sorted by
 * name), and judges the reply as Twilio would.
 */
export async function sendWebhook(hook: Webhook, options: WebhookOptions): Promise<WebhookResult> {
  const form = new URLSearchParams(hook.params).toString();
  let url = hook.url;
  if (hook.method === 'GET' && form) url += (url.includes('?') ? '&' : '?') + form;
  const signature = twilio.getExpectedTwilioSignature(options.authToken, url, hook.method === 'POST' ? hook.params : {});
  const headers: Record<string, string> = { 'X-Twilio-Signature': signature, 'User-Agent': 'TwilioProxy/1.1 (iop-line local phone)' };
  if (hook.method === 'POST') headers['Content-Type'] = 'application/x-www-form-urlencoded';

  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const limitSeconds = options.limitMs / 1000;
  let res: HttpResponse;
  try {
    res = await options.transport({
      method: hook.method,
      url,
      headers,
      body: hook.method === 'POST' ? form : undefined,
      signal: AbortSignal.timeout(options.limitMs),
    });
  } catch (err) {
    const timedOut = (err as Error).name === 'TimeoutError' || elapsed() >= options.limitMs;
    const message = timedOut
      ? `no reply within ${limitSeconds} s: Twilio gives up on it`
      : `could not connect: ${(err as Error).message}`;
    return { url, ms: elapsed(), problems: [{ severity: 'error', code: TWILIO_ERRORS.httpConnectionFailure, message }] };
  }
  const ms = elapsed();
  const result: WebhookResult = { url, status: res.status, contentType: res.contentType, body: res.text, ms, problems: [] };
  const fail = (code: number, message: string) => {
    result.problems.push({ severity: 'error', code, message });
    return result;
  };

  if (ms > options.limitMs) {
    return fail(TWILIO_ERRORS.httpConnectionFailure, `the reply took ${(ms / 1000).toFixed(1)} s; Twilio gives up after ${limitSeconds} s`);
  }
  if (res.status < 200 || res.status > 299) {
    return fail(TWILIO_ERRORS.httpRetrievalFailure, `HTTP ${res.status}: ${res.text.trim().slice(0, 120) || '(empty body)'}`);
  }
  if (hook.expects === 'ack') return result;

  const mediaType = res.contentType.split(';')[0]!.trim().toLowerCase();
  if (!TWIML_CONTENT_TYPES.includes(mediaType)) {
    return fail(TWILIO_ERRORS.invalidContentType, `Content-Type is "${res.contentType || '(none)'}"; TwiML must be sent as text/xml or application/xml`);
  }
  try {
    result.twiml = parseTwiml(res.text);
  } catch (err) {
    return fail(TWILIO_ERRORS.documentParseFailure, (err as Error).message);
  }
  result.problems.push(...checkTwiml(result.twiml, hook.leg));
  return result;
}
