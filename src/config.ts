import path from 'node:path';
import { z } from 'zod';
import { parseHolidays, parseIntakeHours, parseTimeZone, ScheduleConfigError, type Schedule } from './intake/hours';

export const E164 = /^\+[1-9]\d{6,14}$/;

/** The prompts beside the code: the repository's, or the image's /app/prompts. */
export const DEFAULT_PROMPTS_DIR = path.join(__dirname, '..', 'prompts');

/** Each variable with an example line, shown when it is missing or wrong. */
const EXAMPLES: Record<string, string> = {
  PORT: 'PORT=3000',
  PUBLIC_BASE_URL: 'PUBLIC_BASE_URL=https://iop-line.example.org',
  TWILIO_AUTH_TOKEN: 'TWILIO_AUTH_TOKEN=<the auth token from the Twilio console>',
  INTAKE_NUMBERS: 'INTAKE_NUMBERS=+15551230001,+15551230002',
  INTAKE_HOURS: 'INTAKE_HOURS="Mon-Fri 08:00-20:00; Sat 09:00-13:00"',
  TIMEZONE: 'TIMEZONE=America/New_York',
  HOLIDAYS: 'HOLIDAYS=2026-12-25,2027-01-01',
  AFTER_HOURS_NUMBER: 'AFTER_HOURS_NUMBER=+15551230009',
  STAFF_SMS_NUMBERS: 'STAFF_SMS_NUMBERS=+15551230001,+15551230002',
  TWILIO_ACCOUNT_SID: 'TWILIO_ACCOUNT_SID=AC<32 hexadecimal characters, from the Twilio console>',
  TWILIO_API_KEY: 'TWILIO_API_KEY=SK<32 hexadecimal characters, from the Twilio console>',
  TWILIO_API_SECRET: "TWILIO_API_SECRET=<the API key's secret>",
  TWILIO_SMS_FROM: 'TWILIO_SMS_FROM=+18556983554',
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

const e164 = z.string().regex(E164, 'must be a phone number in E.164 form, like +15551230001');

/** Checks a schedule variable with src/intake/hours.ts, whose messages say how to fix the value. */
function validSchedule(parse: (value: string) => unknown) {
  return (value: string, ctx: z.RefinementCtx) => {
    try {
      parse(value);
    } catch (err) {
      if (!(err instanceof ScheduleConfigError)) throw err;
      // Its message starts with the variable's name, which the config error already shows.
      ctx.addIssue({ code: 'custom', message: err.message.replace(/^[A-Z_]+: /, '') });
    }
  };
}

export const configSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  PUBLIC_BASE_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .transform((u) => u.replace(/\/+$/, '')),
  TWILIO_AUTH_TOKEN: z.string().min(1, 'must not be empty'),
  INTAKE_NUMBERS: e164List,
  INTAKE_HOURS: z.string().default('24/7').superRefine(validSchedule(parseIntakeHours)),
  TIMEZONE: z.string().default('America/New_York').superRefine(validSchedule(parseTimeZone)),
  HOLIDAYS: z.string().default('').superRefine(validSchedule(parseHolidays)),
  /** An on-call phone or answering service, dialled instead of voicemail when intake is closed. */
  AFTER_HOURS_NUMBER: e164.optional(),
  /** Intake staff phones that get a text when a caller leaves a voicemail. */
  STAFF_SMS_NUMBERS: e164List.optional(),
  /** Twilio's REST API (voicemail texts, call look-ups): the account, with the auth token or an API key. */
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be the Account SID: AC and 32 hexadecimal characters').optional(),
  TWILIO_API_KEY: z.string().regex(/^SK[0-9a-fA-F]{32}$/, 'must be an API key SID: SK and 32 hexadecimal characters').optional(),
  TWILIO_API_SECRET: z.string().min(1).optional(),
  /** The Twilio number voicemail texts are sent from. */
  TWILIO_SMS_FROM: e164.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Key for the hash that lets one caller's calls be correlated in logs without their number. */
  LOG_HASH_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  PROMPTS_DIR: z.string().default(DEFAULT_PROMPTS_DIR),
})
  .superRefine((env, ctx) => {
    // An API key is only half a credential without its secret, and it names no account by itself.
    const needs = (name: string, because: string) => ctx.addIssue({ code: 'custom', path: [name], message: because });
    if (env.TWILIO_API_KEY && !env.TWILIO_API_SECRET) needs('TWILIO_API_SECRET', 'TWILIO_API_KEY is set, and needs its secret');
    if (env.TWILIO_API_SECRET && !env.TWILIO_API_KEY) needs('TWILIO_API_KEY', 'TWILIO_API_SECRET is set, and needs its key');
    if (env.TWILIO_API_KEY && !env.TWILIO_ACCOUNT_SID) needs('TWILIO_ACCOUNT_SID', 'an API key needs the account it belongs to');
  })
  .transform((env) => {
    // Already validated above, so these cannot throw.
    const schedule: Schedule = {
      hours: parseIntakeHours(env.INTAKE_HOURS),
      timeZone: parseTimeZone(env.TIMEZONE),
      holidays: parseHolidays(env.HOLIDAYS),
    };
    return { ...env, schedule };
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
    const missing = present[name] === undefined;
    const why = issue.code === 'custom' ? `: ${issue.message}` : '';
    const problem = missing ? `is missing${why}` : `is not valid: ${issue.message}`;
    // The schedule variables' own messages already end with a valid example.
    const example = EXAMPLES[name] && !problem.includes(`${name}=`) ? ` (for example ${EXAMPLES[name]})` : '';
    return `  ${name} ${problem}${example}`;
  });
  throw new ConfigError(`The environment is not valid; see .env.example:\n${lines.join("\n")}`);
}

