import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
// Only twilio's webhook helpers; see src/twiml/verbs.ts for why not the whole package.
import { getExpectedTwilioSignature, validateRequest } from 'twilio/lib/webhooks/webhooks';

/**
 * Rejects any request that Twilio did not sign with our auth token. The URL checked is the one
 * Twilio called (PUBLIC_BASE_URL's origin + the path and query), not the Host header: behind a TLS
 * proxy the app sees http://internal-host/..., while Twilio signed https://public-host/....
 */
export function requireTwilioSignature(authToken: string, publicBaseUrl: string): RequestHandler {
  const origin = new URL(publicBaseUrl).origin;
  return (req, res, next) => {
    const signature = req.header('x-twilio-signature');
    if (!signature) {
      res.locals.outcome = 'rejected-unsigned';
      res.status(400).type('text/plain').send('Missing X-Twilio-Signature header.');
      return;
    }
    const params = (req.body ?? {}) as Record<string, unknown>;
    const url = origin + req.originalUrl;
    if (!signedForExactUrl(authToken, signature, url, params) && !validateRequest(authToken, signature, url, params)) {
      res.locals.outcome = 'rejected-signature';
      res.status(403).type('text/plain').send('Invalid X-Twilio-Signature.');
      return;
    }
    next();
  };
}

/**
 * Whether `signature` is Twilio's for exactly this URL: one HMAC. validateRequest alone tries the
 * URL without its port first and with it second, so for a base URL with a port (a line on
 * http://host:8080) every genuine webhook costs two HMACs and ~15 us. The exact URL is always one
 * of validateRequest's candidates, so this accepts nothing it would refuse, and everything else it
 * accepts (a signature for the URL without its port, an escaped query) still goes through it.
 */
function signedForExactUrl(authToken: string, signature: string, url: string, params: Record<string, unknown>): boolean {
  const expected = Buffer.from(getExpectedTwilioSignature(authToken, url, params));
  const given = Buffer.from(signature);
  // The length of a signature is fixed by the algorithm and no secret, so checking it first leaks nothing.
  return given.length === expected.length && timingSafeEqual(given, expected);
}
