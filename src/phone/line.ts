import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../app';
import { loadConfig } from '../config';
import { loadPrompts } from '../content/load';
import { createLogger } from '../log';

/** Intake numbers for a line that only the local phone calls: 555-01xx numbers are reserved for fiction. */
export const PLACEHOLDER_INTAKE_NUMBERS = '+15555550100,+15555550101';

export interface LocalLineOptions {
  /** Settings for the line (as in .env) on top of the throwaway ones, e.g. INTAKE_HOURS=closed. */
  env?: Record<string, string>;
  /** Where the line's own log lines go (JSON); none by default, so the transcript stays readable. */
  logTo?: NodeJS.WritableStream;
}

export interface LocalLine {
  /** PUBLIC_BASE_URL of this line: where it listens, on 127.0.0.1. */
  baseUrl: string;
  /** A throwaway auth token, made for this run. */
  authToken: string;
  close(): Promise<void>;
}

/**
 * Starts the real app in this process on a free port of 127.0.0.1, with a throwaway auth token and
 * placeholder intake numbers: no .env, no Twilio account. A bad prompts file or setting throws the
 * line's own ConfigError / PromptsError, which names what to fix.
 */
export async function startLocalLine(options: LocalLineOptions = {}): Promise<LocalLine> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  try {
    const { port } = server.address() as AddressInfo;
    const baseUrl = `http://127.0.0.1:${port}`;
    const authToken = randomBytes(24).toString('hex');
    const config = loadConfig({
      INTAKE_NUMBERS: PLACEHOLDER_INTAKE_NUMBERS,
      ...options.env,
      PUBLIC_BASE_URL: baseUrl,
      TWILIO_AUTH_TOKEN: authToken,
      PORT: String(port),
    });
    const prompts = loadPrompts(config.PROMPTS_DIR);
    const logger = createLogger({
      level: options.logTo ? config.LOG_LEVEL : 'silent',
      destination: (options.logTo ?? process.stderr) as never,
    });
    server.on('request', createApp({ config, prompts, logger }));
    return { baseUrl, authToken, close: () => close(server) };
  } catch (err) {
    await close(server);
    throw err;
  }
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
