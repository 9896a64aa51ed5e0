import type { IRouter, Request, Response } from 'express';
import { greet, handleDialResult, handleInput, handleSilence, type FlowContext, type Reply } from '../flow/call';
import { voicemailSaved, whisper, whisperAnswered } from '../flow/intake';
import { PATHS } from '../flow/links';
import { decodeState, initialState, type CallState } from '../flow/state';
import { presentableCallerId } from '../intake/caller-id';
import { callerInput, dialResult, parseWebhookBody, type WebhookBody } from './webhook-body';

type Turn = (ctx: FlowContext, state: CallState, body: WebhookBody) => Reply;

/**
 * Each route: validate the body, run one flow function, send its TwiML. The routes are added to
 * the router (or app) given, not to one of their own: a nested router costs every webhook another
 * dispatch (~3% of the server's CPU per webhook under load).
 */
export function addVoiceRoutes(router: IRouter, ctx: FlowContext, fallbackXml: string): void {
  const route = (path: string, turn: Turn) =>
    router.post(path, (req: Request, res: Response) => {
      const body = parseWebhookBody(req.body ?? {});
      if (!body) {
        res.locals.outcome = 'rejected-body';
        res.status(400).type('text/plain').send('The request is not a Twilio voice webhook.');
        return;
      }
      res.locals.callSid = body.CallSid;
      res.locals.from = body.From;
      // Every call's first webhook has no query string, so no state: req.query would still build one.
      const state = req.url.includes('?') ? decodeState(req.query) : initialState();
      // The caller's own number goes to staff as the Dial's callerId, never into a URL.
      const reply = turn({ ...ctx, callerId: presentableCallerId(body.From) }, state, body);
      res.locals.outcome = reply.outcome;
      sendTwiml(res, reply.twiml.toString());
    });

  route(PATHS.incoming, (c) => greet(c, initialState()));
  route(PATHS.turn, (c, state, body) => handleInput(c, state, callerInput(body)));
  route(PATHS.silence, (c, state) => handleSilence(c, state));
  route(PATHS.dialResult, (c, state, body) => handleDialResult(c, state, dialResult(body)));
  route(PATHS.whisper, (c, state) => whisper(c, state));
  route(PATHS.whisperAccept, (_c, _state, body) => whisperAnswered(body.Digits));
  route(PATHS.voicemail, (c, state) => voicemailSaved(c, state));
  router.post(PATHS.fallback, (_req, res) => {
    res.locals.outcome = 'fallback';
    sendTwiml(res, fallbackXml);
  });
}

/**
 * A TwiML reply, written directly: the same status, headers and body as res.type('text/xml').send(),
 * without what send() does for other replies (parsing the content type back to add its charset,
 * ETag and freshness checks, HEAD), which Twilio's POSTs never need.
 */
export function sendTwiml(res: Response, xml: string): void {
  res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8', 'Content-Length': Buffer.byteLength(xml) });
  res.end(xml);
}
