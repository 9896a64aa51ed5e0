import { createHmac } from 'node:crypto';
import express, { type ErrorRequestHandler, type Express, type IRouter, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Config } from './config';
import { DEFAULT_LANGUAGE, promptsFor, type Language, type PromptLibrary } from './content/load';
import type { FlowContext } from './flow/call';
import { failsafeTwiml } from './flow/failsafe';
import { makeLinks } from './flow/links';
import { decodeState } from './flow/state';
import { addCallbackRoutes } from './http/callbacks';
import { formBody } from './http/form-body';
import { addVoiceRoutes, sendTwiml } from './http/routes';
import { requireTwilioSignature } from './http/signature';
import { BackgroundTasks } from './intake/background';
import { defaultRetryPolicy, realSleep } from './intake/retry';
import { smsConfigured, type TwilioRest } from './intake/twilio-rest';
import { makeCallerHasher } from './log';
import { buildMatcher as buildLanguageMatcher, type Matcher } from './speech/matcher';

export interface AppDeps {
  config: Config;
  prompts: PromptLibrary;
  logger: Logger;
  /** The clinic's clock; tests fix "now" (a holiday, a DST change, after hours). Defaults to real time. */
  clock?: () => Date;
  /** Twilio's REST API (src/intake/twilio-rest.ts); absent without credentials. Tests pass a fake. */
  rest?: TwilioRest;
  /** Where work that must not hold up a webhook runs; server.ts lets it finish on shutdown, tests await it. */
  background?: BackgroundTasks;
  /** How REST retries wait; tests pass one that returns at once. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * Builds a language's matcher: ~0.4 s each when it learns from the examples; src/server.ts passes
   * one that reads what the build learnt (src/speech/prebuilt.ts), tests one that builds each prompts
   * set once for all their apps.
   */
  buildMatcher?: (prompts: PromptLibrary['en'], lang: Language) => Matcher;
}

/** Twilio sends a few hundred bytes; this leaves room for a long transcript and refuses the rest. */
const MAX_BODY = 64 * 1024;
const MAX_PARAMS = 200;

/** Each app's matchers left until first needed (another language's), with what builds them. */
const deferredBuilds = new WeakMap<Express, () => void>();

/** Builds the matchers createApp left until first needed; server.ts calls it after the first request. */
export function buildDeferredMatchers(app: Express): void {
  deferredBuilds.get(app)?.();
}

/** Builds the app; it never listens (src/server.ts does), so tests use it directly. */
export function createApp({ config, prompts: loaded, logger, clock = () => new Date(), rest, background, sleep = realSleep, buildMatcher = (set) => buildLanguageMatcher(set) }: AppDeps): Express {
  // The default language's matcher is built before the line answers; the others when a caller first
  // needs one, or once the line has answered its first request (buildDeferredMatchers): building one
  // takes ~0.4 s, and a new instance answers its first caller that much sooner. Until then the other
  // language's prompts, its example lines included, are held here.
  const matchers = new Map<Language, Matcher>();
  const deferred = new Map<Language, PromptLibrary['en']>();
  // A build that failed is not tried again on every turn (each try would hold every call for ~0.4 s):
  // its error is thrown at once, and the webhook's error handler offers the caller a person.
  const failed = new Map<Language, unknown>();
  for (const [lang, set] of Object.entries(loaded) as [Language, PromptLibrary['en']][]) {
    if (lang === DEFAULT_LANGUAGE) matchers.set(lang, buildMatcher(set, lang));
    else deferred.set(lang, set);
  }
  const matcherOf = (lang: Language): Matcher => {
    if (failed.has(lang)) throw failed.get(lang);
    const set = deferred.get(lang);
    if (set) {
      deferred.delete(lang);
      try {
        matchers.set(lang, buildMatcher(set, lang));
      } catch (err) {
        failed.set(lang, err);
        throw err;
      }
    }
    return matchers.get(lang) ?? matchers.get(DEFAULT_LANGUAGE)!;
  };
  // The examples callers said are for learning only: the running line keeps what callers hear, not
  // the ~10,000 example lines (with the two changes that go with this one, 0.6 MB of heap measured).
  const prompts: PromptLibrary = { ...loaded, en: { ...loaded.en, examples: [] }, ...(loaded.es && { es: { ...loaded.es, examples: [] } }) };
  const ctx: FlowContext = {
    prompts,
    matcherFor: matcherOf,
    intakeNumbers: config.INTAKE_NUMBERS,
    links: makeLinks(config.PUBLIC_BASE_URL),
    schedule: config.schedule,
    afterHoursNumber: config.AFTER_HOURS_NUMBER,
    clock,
  };
  const en = prompts.en;
  const fallbackXml = failsafeTwiml(en, config.INTAKE_NUMBERS, en.fallback.apology);
  const hashCaller = makeCallerHasher(config.LOG_HASH_KEY ?? deriveLogKey(config.TWILIO_AUTH_TOKEN));

  const app = express();
  deferredBuilds.set(app, () => {
    for (const lang of [...deferred.keys()]) matcherOf(lang);
  });
  app.disable('x-powered-by');
  // Twilio never revalidates a webhook reply, so hashing every one for an ETag is wasted work.
  app.set('etag', false);
  app.set('query parser', 'simple');

  app.get('/healthz', (_req, res) => {
    res.status(200).json({ status: 'ok' });
  });

  const base = new URL(config.PUBLIC_BASE_URL).pathname.replace(/\/+$/, '');
  // Under a base path (https://host/iop) the webhooks are a router mounted there. Without one they go
  // straight on the app: a router mounted at "/" cost every webhook a second dispatch, ~2% of its
  // instructions, most of them V8 looking up req and res properties that its caches keep missing.
  const voice: IRouter = base ? express.Router() : app;
  voice.use(logWebhook(logger, hashCaller));
  voice.use(formBody({ limit: MAX_BODY, parameterLimit: MAX_PARAMS }));
  voice.use(requireTwilioSignature(config.TWILIO_AUTH_TOKEN, config.PUBLIC_BASE_URL));
  addVoiceRoutes(voice, ctx, fallbackXml);
  addCallbackRoutes(voice, {
    prompts,
    timeZone: config.schedule.timeZone,
    staffNumbers: config.STAFF_SMS_NUMBERS ?? [],
    rest,
    smsEnabled: smsConfigured(config),
    background: background ?? new BackgroundTasks(logger),
    logger,
    retry: defaultRetryPolicy(sleep),
    clock,
  });
  voice.use(handleErrors(ctx, prompts, logger));
  if (base) app.use(base, voice);

  return app;
}

/** One line per webhook: route, CallSid, a keyed hash of the caller, outcome, milliseconds. Never their words. */
function logWebhook(logger: Logger, hashCaller: ReturnType<typeof makeCallerHasher>): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      logger.info(
        {
          route: req.path,
          callSid: res.locals.callSid,
          caller: hashCaller(res.locals.from, res.locals.callSid),
          status: res.statusCode,
          outcome: res.locals.outcome ?? 'none',
          ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
        },
        'webhook',
      );
    });
    next();
  };
}

/**
 * A client error (a body too large or malformed) is answered as one. Anything else is our fault:
 * it is logged, and the caller hears an apology and is put through to intake, with HTTP 200 so
 * that Twilio plays it instead of its own "application error".
 */
function handleErrors(ctx: FlowContext, prompts: PromptLibrary, logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const status = typeof err?.status === 'number' ? err.status : 500;
    if (status >= 400 && status < 500) {
      res.locals.outcome = 'rejected-request';
      res.status(status).type('text/plain').send('Bad request.');
      return;
    }
    res.locals.outcome = 'error';
    // The stack says where it broke; the request itself (caller's number, words) is never logged.
    logger.error({ route: req.path, callSid: res.locals.callSid, err: { type: err?.name, message: err?.message, stack: err?.stack } }, 'webhook failed');
    const set = promptsFor(prompts, safeLanguage(req.query));
    sendTwiml(res, failsafeTwiml(set, ctx.intakeNumbers, set.technicalProblem));
  };
}

function safeLanguage(query: unknown): Language {
  try {
    return decodeState((query ?? {}) as Record<string, unknown>).lang;
  } catch {
    return DEFAULT_LANGUAGE;
  }
}

/** Without LOG_HASH_KEY, every instance derives the same key from the auth token they share. */
function deriveLogKey(authToken: string): string {
  return createHmac('sha256', authToken).update('iop-line caller hash').digest('hex');
}
