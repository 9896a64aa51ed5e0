import express from 'express';
import { requireTwilioSignature } from '../../src/http/signature';
import type { People } from '../../src/phone/callers';
import { placeCall, type CallResult } from '../../src/phone/place-call';
import { appTransport } from '../support/harness';

/**
 * A tiny line that serves fixed TwiML, for the verbs the real line does not use yet (Record, the
 * whisper) and for replies Twilio would refuse. It checks signatures with the line's own middleware,
 * so every fixture test also proves the phone signs the way the line expects.
 */
export const FIXTURE_BASE = 'https://fixture.example.org';
const TOKEN = 'fixture-token-0123456789';

export interface FixtureReply {
  body: string;
  status?: number;
  type?: string;
  delayMs?: number;
}

export interface Received {
  method: string;
  path: string;
  query: Record<string, string>;
  params: Record<string, string>;
}

export const xml = (inner: string) => `<?xml version="1.0" encoding="UTF-8"?><Response>${inner}</Response>`;

export function fixtureLine(replies: Record<string, FixtureReply | string>) {
  const received: Received[] = [];
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.use(requireTwilioSignature(TOKEN, FIXTURE_BASE));
  app.all('/{*rest}', (req, res) => {
    const query = Object.fromEntries(new URL(req.originalUrl, FIXTURE_BASE).searchParams);
    received.push({ method: req.method, path: req.path, query, params: (req.body ?? {}) as Record<string, string> });
    const found = replies[req.path];
    const reply: FixtureReply = typeof found === 'string' ? { body: found } : found ?? { body: 'not here', status: 404, type: 'text/plain' };
    setTimeout(() => res.status(reply.status ?? 200).type(reply.type ?? 'text/xml').send(reply.body), reply.delayMs ?? 0);
  });

  const call = (people: People, options: { replyLimitMs?: number; statusCallbackPath?: string } = {}): Promise<CallResult> =>
    placeCall({ url: FIXTURE_BASE, authToken: TOKEN, transport: appTransport(app), people, ...options });
  return { call, received };
}
