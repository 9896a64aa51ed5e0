import type { IRouter, Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { PromptLibrary } from '../content/load';
import { PATHS } from '../flow/links';
import { decodeState } from '../flow/state';
import type { BackgroundTasks } from '../intake/background';
import { FINISHED_STATUSES, logCallEnd } from '../intake/call-outcome';
import type { RetryPolicy } from '../intake/retry';
import type { TwilioRest } from '../intake/twilio-rest';
import { notifyStaff } from '../intake/voicemail-notice';

/** Twilio's recording status callback (https://www.twilio.com/docs/voice/twiml/record). It carries no From. */
const recordingBodySchema = z.object({
  CallSid: z.string().min(1).max(64),
  RecordingSid: z.string().min(1).max(64),
  RecordingUrl: z.url({ protocol: /^https$/ }).max(1024),
  RecordingStatus: z.string().max(32).optional(),
  RecordingDuration: z.string().max(16).optional(),
  RecordingStartTime: z.string().max(64).optional(),
});

/** The number's call status callback. */
const statusBodySchema = z.object({
  CallSid: z.string().min(1).max(64),
  CallStatus: z.string().min(1).max(32),
  CallDuration: z.string().max(16).optional(),
  From: z.string().max(64).optional(),
});

export interface CallbackDeps {
  prompts: PromptLibrary;
  timeZone: string;
  /** Staff phones to text; empty when voicemail texts are not configured. */
  staffNumbers: readonly string[];
  /** Absent without REST credentials (or without a sender for texts, for sending). */
  rest?: TwilioRest;
  smsEnabled: boolean;
  background: BackgroundTasks;
  logger: Logger;
  retry: RetryPolicy;
  clock: () => Date;
}

/** Callbacks answer at once with 204; anything slow runs afterwards, in the background. */
function acknowledge(res: Response, outcome: string): void {
  res.locals.outcome = outcome;
  res.status(204).type('text/xml').end();
}

function refuse(res: Response): void {
  res.locals.outcome = 'rejected-body';
  res.status(400).type('text/plain').send('The request is not a Twilio callback.');
}

/** Added to the router given, as the voice routes are (src/http/routes.ts says why). */
export function addCallbackRoutes(router: IRouter, deps: CallbackDeps): void {

  router.post(PATHS.recording, (req, res) => {
    const body = recordingBodySchema.safeParse(req.body ?? {});
    if (!body.success) return refuse(res);
    const data = body.data;
    res.locals.callSid = data.CallSid;
    const seconds = Number(data.RecordingDuration ?? '0');
    if ((data.RecordingStatus ?? 'completed') !== 'completed') return acknowledge(res, 'recording-not-completed');
    // Nothing was said: staff get no empty voicemail to chase.
    if (!(seconds > 0)) return acknowledge(res, 'recording-empty');
    if (!deps.smsEnabled || !deps.rest) return acknowledge(res, 'recording-ready-no-text');
    const started = data.RecordingStartTime ? new Date(data.RecordingStartTime) : undefined;
    const voicemail = {
      callSid: data.CallSid,
      recordingSid: data.RecordingSid,
      recordingUrl: data.RecordingUrl,
      seconds,
      startedAt: started && !Number.isNaN(started.getTime()) ? started : deps.clock(),
      state: decodeState(req.query),
    };
    const rest = deps.rest;
    acknowledge(res, 'recording-ready');
    deps.background.run('voicemail-text', () =>
      notifyStaff({ rest, staffNumbers: deps.staffNumbers, prompts: deps.prompts, timeZone: deps.timeZone, logger: deps.logger, retry: deps.retry }, voicemail),
    );
  });

  router.post(PATHS.status, (req, res) => {
    const body = statusBodySchema.safeParse(req.body ?? {});
    if (!body.success) return refuse(res);
    const data = body.data;
    res.locals.callSid = data.CallSid;
    res.locals.from = data.From;
    if (!FINISHED_STATUSES.has(data.CallStatus)) return acknowledge(res, 'call-status-not-final');
    const seconds = data.CallDuration === undefined ? undefined : Number(data.CallDuration);
    const call = { callSid: data.CallSid, callStatus: data.CallStatus, seconds: Number.isFinite(seconds) ? seconds : undefined };
    acknowledge(res, 'call-ended');
    deps.background.run('call-outcome', () => logCallEnd({ rest: deps.rest, logger: deps.logger, retry: deps.retry }, call));
  });

}
