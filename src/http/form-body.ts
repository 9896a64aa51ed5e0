import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';

/**
 * Reads a webhook's form body (application/x-www-form-urlencoded, UTF-8: all Twilio sends) into
 * req.body, as express.urlencoded({ extended: false }) would: a field sent twice becomes an array,
 * `+` is a space, a malformed %-escape is kept as written, an empty key is dropped. A body over
 * `limit` bytes or with over `parameterLimit` fields is a 413, a compressed body or another
 * charset a 415; any other content type is left unread (req.body stays undefined).
 *
 * Written here rather than taken from body-parser: on a speech turn under load, its content-type
 * negotiation, stream plumbing and qs parsing were ~11% of the line's CPU, for nesting, charsets and
 * compression that Twilio never uses. The object has no prototype, so a field named "__proto__" or
 * "constructor" is only a field.
 */
export function formBody({ limit, parameterLimit }: { limit: number; parameterLimit: number }): RequestHandler {
  return (req, _res, next) => {
    const type = req.headers['content-type'];
    if (type === undefined || !isForm(type)) return next();
    const refusal = refuseEncoding(req, type, limit);
    if (refusal) return drain(req, () => next(refusal));
    // A request that errors after it ended (or ends after an error) must not run the chain twice.
    const settle = once((error?: Error) => next(error));

    const chunks: Buffer[] = [];
    let received = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      received += chunk.length;
      if (received > limit) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.once('error', () => settle(clientError(400, 'the request was cut off')));
    req.once('end', () => {
      if (tooLarge) return settle(clientError(413, 'the body is too large'));
      const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
      const fields = parseForm(text, parameterLimit);
      if (fields === undefined) return settle(clientError(413, 'too many fields'));
      req.body = fields;
      settle();
    });
  };
}

/** The fields of a form body, or undefined if it has more than `parameterLimit`. */
export function parseForm(text: string, parameterLimit: number): Record<string, string | string[]> | undefined {
  const fields: Record<string, string | string[]> = Object.create(null);
  if (text === '') return fields;
  const parts = text.split('&');
  if (parts.length > parameterLimit) return undefined;
  for (const part of parts) {
    const eq = part.indexOf('=');
    const key = decodeFormText(eq < 0 ? part : part.slice(0, eq));
    if (key === '') continue;
    const value = eq < 0 ? '' : decodeFormText(part.slice(eq + 1));
    const prior = fields[key];
    fields[key] = prior === undefined ? value : Array.isArray(prior) ? [...prior, value] : [prior, value];
  }
  return fields;
}

function decodeFormText(text: string): string {
  const spaced = text.includes('+') ? text.replaceAll('+', ' ') : text;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    // "100%" or "%zz": kept as written, as body-parser (qs) does, rather than refusing the webhook.
    return spaced;
  }
}

function isForm(contentType: string): boolean {
  const semicolon = contentType.indexOf(';');
  return (semicolon < 0 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

function refuseEncoding(req: IncomingMessage, contentType: string, limit: number): Error | undefined {
  const encoding = (req.headers['content-encoding'] || 'identity').trim().toLowerCase();
  if (encoding !== 'identity') return clientError(415, 'compressed bodies are not accepted');
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return clientError(415, 'only UTF-8 bodies are accepted');
  const declared = Number(req.headers['content-length']);
  if (declared > limit) return clientError(413, 'the body is too large');
  return undefined;
}

/** Reads off the rest of a refused body before answering, so the client is not cut off mid-send. */
function drain(req: IncomingMessage, then: () => void): void {
  if (req.readableEnded) return then();
  const finish = once(then);
  req.once('end', finish);
  req.once('error', finish);
  req.resume();
}

/** `fn`, run at most once however often it is called: 'end' and 'error' can both come. */
function once<Args extends unknown[]>(fn: (...args: Args) => void): (...args: Args) => void {
  let done = false;
  return (...args) => {
    if (done) return;
    done = true;
    fn(...args);
  };
}

/** An error that src/app.ts's handler answers with its status as a plain 4xx. */
function clientError(status: number, message: string): Error {
  return Object.assign(new Error(message), { status, expose: true });
}
