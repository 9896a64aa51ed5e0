import path from 'node:path';
import { z } from 'zod';

const E164 = /^\+[1-9]\d{6,14}$/;

/** Each variable with an example line, shown when it is missing or wrong. */
const EXAMPLES: Record<string, string> = {
  PORT: 'PORT=3000',
  PUBLIC_BASE_URL: 'PUBLIC_BASE_URL=https://iop-line.example.org',
  TWILIO_AUTH_TOKEN: 'TWILIO_AUTH_TOKEN=<the auth token from the Twilio console>',
  INTAKE_NUMBERS: 'INTAKE_NUMBERS=+15551230001,+15551230002',
  INTAKE_HOURS: 'INTAKE_HOURS="Mon-Fri 08:00-20:00; Sat 09:00-13:00"',
  TIMEZONE: 'TIMEZONE=America/New_York',
  HOLIDAYS: 'HOLIDAYS=2026-12-25,2027-01-01',
  LOG_LEVEL: 'LOG_LEVEL=info',
  LOG_HASH_KEY: 'LOG_HASH_KEY=<a long random string>',
  PROMPTS_DIR: 'PROMPTS_DIR=./prompts',
};

const e164List = z
  .string()
  .transform((s) => s.split(',').map((n) => n.trim()).filter(Boolean))
  .pipe(
    z
      .array(z.string().regex(E164, 'each number must be in E.164 form, like +15551230001'))
      .min(1, 'needs at least one phone number'),
  );

export const configSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  PUBLIC_BASE_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .transform((u) => u.replace(/\/+$/, '')),
  TWILIO_AUTH_TOKEN: z.string().min(1, 'must not be empty'),
  INTAKE_NUMBERS: e164List,
  INTAKE_HOURS: z.string().default('24/7'),
  TIMEZONE: z.string().default('America/New_York'),
  HOLIDAYS: z.string().default(''),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Key for the hash that lets one caller's calls be correlated in logs without their number. */
  LOG_HASH_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  PROMPTS_DIR: z.string().default(path.join(__dirname, '..', 'prompts')),
});

export type Config = z.output<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment once; every problem is listed with the line that would fix it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (FOO= in a .env file) means "not set", so defaults apply.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(present);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? '');
    const problem = present[name] === undefined ? 'is missing' : `is not valid: ${issue.message}`;
    const example = EXAMPLES[name] ? ` (for example ${EXAMPLES[name]})` : '';
    return `  ${name} ${problem}${example}`;
  });
  throw new ConfigError(`The environment is not valid; see .env.example:\n${lines.join("\n")}`);
}

