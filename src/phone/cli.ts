import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs, parseEnv } from 'node:util';
import { ConfigError } from '../config';
import { PromptsError } from '../content/load';
import { DIAL_OUTCOMES, type CallerAction, type DialOutcome } from './call';
import { ScriptedPeople, TerminalPeople, type People, type StaffChoice } from './callers';
import { placeCall, type CallResult } from './place-call';
import { describeAction, Transcript } from './transcript';
import { espeakInstalled, Voice } from './voice';

const HELP = `Call the IOP line from a terminal: the phone plays Twilio and you play the caller.

  npm run call                          start the line here and call it; type as the caller
  npm run call -- --say "how much does it cost" --press 0     a scripted call
  npm run call -- --url http://localhost:3000                 call a running line (npm run dev)

The caller, in order (scripted; when the script runs out, the caller hangs up):
  --say TEXT          say a sentence
  --press KEYS        press keys (1, 0, *, 12#)
  --silence           say nothing until the line gives up waiting
  --hangup            hang up
Without these, you type: a sentence, keys, Enter for silence, /hangup or Ctrl-D to hang up.

Intake and staff:
  --dial OUTCOME      how ringing intake ends: answered, no-answer, busy, failed
                      (repeat for later transfers; default answered, or asked when you type)
  --staff KEYS|none   what staff press at the whisper (default 1, or asked when you type)

Output:
  --json              print the call's events as JSON instead of the transcript
  --voice             speak the prompts aloud with espeak-ng
  --wav DIR           write one WAV per turn into DIR with espeak-ng

The line:
  --url URL           call a running line at URL (its PUBLIC_BASE_URL) instead of starting one
  --token TOKEN       its TWILIO_AUTH_TOKEN (default: $TWILIO_AUTH_TOKEN, then .env, then .env.example)
  --set KEY=VALUE     a setting for the line started here, as in .env (e.g. INTAKE_HOURS=closed)
  --logs              show the started line's own log lines (JSON) on stderr
  --status-callback PATH   also post the number's status callback to PATH when the call ends
  --from NUMBER       the caller's number (default a 555-01xx number)
  --confidence N      Confidence reported with speech (default 0.9)

Exit status: 0 when the call ran clean; 1 when Twilio would have refused something, or the call
ended before the script did; 2 for a mistake on the command line.`;

const EXIT = { ok: 0, problem: 1, usage: 2 } as const;

class UsageError extends Error {}

interface Options {
  steps: CallerAction[];
  dials: DialOutcome[];
  staff?: StaffChoice;
  json: boolean;
  voice: boolean;
  wav?: string;
  url?: string;
  token?: string;
  env: Record<string, string>;
  logs: boolean;
  statusCallback?: string;
  from?: string;
  confidence?: number;
  help: boolean;
}

export function parseCommandLine(argv: string[]): Options {
  const { values, tokens } = parseArgs({
    args: argv,
    tokens: true,
    strict: true,
    options: {
      say: { type: 'string', multiple: true },
      press: { type: 'string', multiple: true },
      silence: { type: 'boolean', multiple: true },
      hangup: { type: 'boolean', multiple: true },
      dial: { type: 'string', multiple: true },
      staff: { type: 'string' },
      json: { type: 'boolean' },
      voice: { type: 'boolean' },
      wav: { type: 'string' },
      url: { type: 'string' },
      token: { type: 'string' },
      set: { type: 'string', multiple: true },
      logs: { type: 'boolean' },
      'status-callback': { type: 'string' },
      from: { type: 'string' },
      confidence: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const confidence = values.confidence === undefined ? undefined : Number(values.confidence);
  if (confidence !== undefined && !(confidence >= 0 && confidence <= 1)) throw new UsageError('--confidence must be between 0 and 1');

  // The order of --say/--press/--silence/--hangup on the command line is the order of the call.
  const steps: CallerAction[] = [];
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    if (token.name === 'say') steps.push({ kind: 'speech', transcript: token.value!, confidence });
    if (token.name === 'press') {
      if (!/^[0-9*#]+$/.test(token.value!)) throw new UsageError(`--press takes keys of a phone (0-9, * and #), not "${token.value}"`);
      steps.push({ kind: 'keys', digits: token.value! });
    }
    if (token.name === 'silence') steps.push({ kind: 'silence' });
    if (token.name === 'hangup') steps.push({ kind: 'hangup' });
  }
  const dials = (values.dial ?? []).map((d) => {
    if (!(DIAL_OUTCOMES as readonly string[]).includes(d)) throw new UsageError(`--dial takes ${DIAL_OUTCOMES.join(', ')}, not "${d}"`);
    return d as DialOutcome;
  });
  let staff: StaffChoice | undefined;
  if (values.staff !== undefined) {
    if (values.staff === 'none') staff = 'silent';
    else if (/^[0-9*#]+$/.test(values.staff)) staff = { keys: values.staff };
    else throw new UsageError(`--staff takes keys to press or "none", not "${values.staff}"`);
  }
  const env: Record<string, string> = {};
  for (const pair of values.set ?? []) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new UsageError(`--set takes KEY=VALUE, not "${pair}"`);
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  if (values.url && Object.keys(env).length) throw new UsageError('--set configures the line started here; a running line (--url) has its own settings');
  return {
    steps,
    dials,
    staff,
    json: values.json ?? false,
    voice: values.voice ?? false,
    wav: values.wav,
    url: values.url,
    token: values.token,
    env,
    logs: values.logs ?? false,
    statusCallback: values['status-callback'],
    from: values.from,
    confidence,
    help: values.help ?? false,
  };
}

/** The token a running line checks signatures with, found where `npm run dev` finds its settings. */
function tokenForRunningLine(explicit: string | undefined): { token?: string; from: string } {
  if (explicit) return { token: explicit, from: '--token' };
  if (process.env.TWILIO_AUTH_TOKEN) return { token: process.env.TWILIO_AUTH_TOKEN, from: '$TWILIO_AUTH_TOKEN' };
  for (const file of ['.env', '.env.example']) {
    const full = path.resolve(file);
    if (fs.existsSync(full)) return { token: parseEnv(fs.readFileSync(full, 'utf8')).TWILIO_AUTH_TOKEN, from: file };
  }
  return { from: 'nowhere' };
}

export async function main(argv: string[]): Promise<number> {
  let options: Options;
  try {
    options = parseCommandLine(argv);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\nnpm run call -- --help shows every option.\n`);
    return EXIT.usage;
  }
  if (options.help) {
    process.stdout.write(`${HELP}\n`);
    return EXIT.ok;
  }

  const scripted = options.steps.length > 0 || options.json;
  const color = !options.json && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const print = (line: string) => process.stdout.write(`${line}\n`);
  // At a terminal the person sees what they typed; elsewhere the transcript shows it.
  const atTerminal = !scripted && Boolean(process.stdin.isTTY);
  const transcript = new Transcript(print, { color, showTyped: !atTerminal });

  let voice: Voice | undefined;
  if (options.voice || options.wav) {
    if (espeakInstalled()) {
      voice = new Voice({ speak: options.voice, wavDir: options.wav, warn: (message) => process.stderr.write(`${message}\n`) });
    } else {
      const flag = options.voice && options.wav ? '--voice and --wav' : options.voice ? '--voice' : '--wav';
      process.stderr.write(`espeak-ng is not installed, so ${flag} cannot make sound; the call goes on as text.\n` +
        '  (Debian or Ubuntu: sudo apt-get install espeak-ng)\n');
    }
  }

  let token: string | undefined;
  if (options.url) {
    const found = tokenForRunningLine(options.token);
    if (!found.token) {
      process.stderr.write('To call a running line the phone signs with its TWILIO_AUTH_TOKEN: give --token, or set it in the environment or .env.\n');
      return EXIT.usage;
    }
    token = found.token;
    if (!options.json) print(transcript.render({ type: 'note', leg: 'caller', message: `signing with the token from ${found.from}` })[0]!);
  }

  let rl: readline.Interface | undefined;
  let people: People;
  if (scripted) {
    people = new ScriptedPeople({ steps: options.steps, dials: options.dials, staff: options.staff });
  } else {
    rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: atTerminal });
    rl.on('SIGINT', () => rl!.close());
    people = new TerminalPeople(rl, { ask: atTerminal, confidence: options.confidence, dials: options.dials, staff: options.staff });
    print('Type what you would say, keys to press (1, 0, *), Enter for silence; /hangup or Ctrl-D hangs up.');
  }

  let result: CallResult;
  try {
    result = await placeCall({
      url: options.url,
      authToken: token,
      local: { env: options.env, logTo: options.logs ? process.stderr : undefined },
      people,
      from: options.from,
      statusCallbackPath: options.statusCallback,
      onEvent: async (event) => {
        if (!options.json) transcript.onEvent(event);
        await voice?.onEvent(event);
      },
    });
  } catch (err) {
    if (err instanceof ConfigError || err instanceof PromptsError) {
      process.stderr.write(`The line refuses to start:\n${err.message}\n`);
      return EXIT.problem;
    }
    throw err;
  } finally {
    rl?.close();
  }

  const unused = people instanceof ScriptedPeople ? people.unused : [];
  if (options.json) {
    print(JSON.stringify({ ok: result.problems.length === 0 && unused.length === 0, reason: result.reason, seconds: result.seconds, problems: result.problems, unusedSteps: unused, events: result.events }, null, 2));
  } else {
    if (voice?.written.length) print(`wrote ${voice.written.length} WAV file${voice.written.length > 1 ? 's' : ''} to ${options.wav}`);
    if (result.problems.length) print(`${result.problems.length} thing${result.problems.length > 1 ? 's' : ''} Twilio would refuse or warn about (marked ✖ / ⚠ above).`);
    if (unused.length) print(`The call ended before the script did; not used: ${unused.map(describeAction).join(', ')}.`);
  }
  return result.problems.length || unused.length ? EXIT.problem : EXIT.ok;
}

if (require.main === module) {
  // `npm run call | head` closes the pipe early: that is the reader's choice, not a failure.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(EXIT.ok);
    throw err;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`${(err as Error).stack ?? err}\n`);
      process.exitCode = EXIT.problem;
    },
  );
}
