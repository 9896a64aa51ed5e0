import type { RequestHandler } from 'express';
// Only twilio's webhook helpers; see src/twiml/verbs.ts for why not the whole package.
import { validateRequest } from 'twilio/lib/webhooks/webhooks';

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
    if (!validateRequest(authToken, signature, origin + req.originalUrl, params)) {
      res.locals.outcome = 'rejected-signature';
      res.status(403).type('text/plain').send('Invalid X-Twilio-Signature.');
      return;
    }
    next();
  };
}
