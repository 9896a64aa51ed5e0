import type { Server } from 'node:http';
import { buildDeferredMatchers, createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { LANGUAGES, loadPrompts, PromptsError, type Language, type PromptLibrary } from './content/load';
import { BackgroundTasks } from './intake/background';
import { createTwilioRest, notificationGaps } from './intake/twilio-rest';
import { createLogger } from './log';
import { buildMatcher as buildLanguageMatcher, type Learnt } from './speech/matcher';
import { readLearnt } from './speech/prebuilt';

/** In-flight webhooks get this long to finish after SIGTERM; Twilio itself waits at most 15 s. */
export const SHUTDOWN_GRACE_MS = 10_000;

function main(): void {
  let config;
  let prompts;
  // What the build learnt from these very prompts, by language (src/speech/prebuilt.ts); the others learn now.
  const learnt: Partial<Record<Language, Learnt>> = {};
  try {
    config = loadConfig();
    for (const lang of LANGUAGES) {
      const saved = readLearnt(config.PROMPTS_DIR, lang);
      if (saved) learnt[lang] = saved;
    }
    prompts = loadPrompts(config.PROMPTS_DIR, { examplesLearnt: Object.keys(learnt) as Language[] });
  } catch (err) {
    if (err instanceof ConfigError || err instanceof PromptsError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger({ level: config.LOG_LEVEL });
  const gaps = notificationGaps(config);
  if (gaps.length > 0) {
    // Not an error: voicemail still records, and staff can hear it in the Twilio console.
    logger.warn({ missing: gaps }, 'voicemail texts to staff are off until these are set; voicemail still records');
  }
  const background = new BackgroundTasks(logger);
  const languages = Object.keys(prompts);
  const fromBuild = Object.keys(learnt);
  logger.info({ fromBuild, learning: languages.filter((lang) => !fromBuild.includes(lang)) }, "what the speech matchers learn from the prompts' examples");
  const buildMatcher = (set: PromptLibrary['en'], lang: Language) => {
    const saved = learnt[lang];
    // Held only until its matcher is built, which keeps the model's tables and lets the rest go.
    delete learnt[lang];
    return buildLanguageMatcher(set, saved);
  };
  const app = createApp({ config, prompts, logger, rest: createTwilioRest(config), background, buildMatcher });
  // Only the languages are kept for this line: a closure over `prompts` would keep its examples
  // alive for as long as the process runs (the shutdown handler shares this scope).
  const server = app.listen(config.PORT, () => {
    logger.info({ port: config.PORT, languages }, 'the IOP line is listening');
  });
  // The other language's matcher is built once the first request has been answered (or dropped),
  // not before. A failure there must not stop the line: that language's turns then reach the
  // webhook's error handler, which offers the caller a person.
  const buildDeferred = () => {
    try {
      buildDeferredMatchers(app);
      logger.info({ languages }, 'every language can be understood');
    } catch (err) {
      logger.error({ err }, "building the other language's speech matcher failed; its callers are offered a person");
    }
  };
  server.once('request', (_req, res) => res.once('close', () => setImmediate(buildDeferred)));
  const stop = (signal: string) => {
    logger.info({ signal }, 'stopping: no new connections, finishing calls in flight');
    const started = Date.now();
    closeGracefully(server, SHUTDOWN_GRACE_MS)
      // Texts to staff still in flight get what is left of the grace period.
      .then(async (clean) => clean && (await settlesWithin(background.idle(), SHUTDOWN_GRACE_MS - (Date.now() - started))))
      .then((clean) => {
        logger.info({ clean }, 'stopped');
        process.exit(clean ? 0 : 1);
      });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

/** Resolves true if `work` settles within `ms`, false otherwise. */
function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(resolve, Math.max(0, ms), false);
  });
  const settled = work.then(
    () => true,
    () => true,
  );
  return Promise.race([settled, late]).finally(() => clearTimeout(timer));
}

/** Stops accepting, lets in-flight requests finish, then closes idle keep-alive sockets. Resolves false on timeout. */
export function closeGracefully(server: Server, graceMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.closeAllConnections();
      resolve(false);
    }, graceMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve(true);
    });
    server.closeIdleConnections();
  });
}

if (require.main === module) main();
