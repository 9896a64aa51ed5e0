import type { Interface as ReadlineInterface } from 'node:readline';
import { DIAL_OUTCOMES, type Answer, type CallerAction, type DialOutcome, type Need } from './call';

/** Whoever acts for the people on the call: the caller at their prompts, staff at the whisper, intake's phones. */
export interface People {
  answer(need: Need): Promise<Answer>;
}

/** What staff do at a whisper's Gather: press these keys, or nothing (as if their voicemail answered). */
export type StaffChoice = { keys: string } | 'silent';

/** Keys are what a keypad has; anything else someone types is speech. */
const KEYPAD = /^[0-9*#]+$/;

export function parseTyped(line: string, confidence?: number): CallerAction {
  const text = line.trim();
  if (!text) return { kind: 'silence' };
  if (text === '/hangup') return { kind: 'hangup' };
  if (KEYPAD.test(text)) return { kind: 'keys', digits: text };
  return { kind: 'speech', transcript: text, confidence };
}

export interface ScriptOptions {
  /** What the caller does, in order; when it runs out, the caller hangs up. */
  steps: CallerAction[];
  /** How each Dial ends, in order; the last one repeats. Default: answered. */
  dials?: DialOutcome[];
  staff?: StaffChoice;
}

/** A call played from a script: no keyboard, the same result every time. */
export class ScriptedPeople implements People {
  private readonly steps: CallerAction[];
  private readonly dials: DialOutcome[];
  private lastDial: DialOutcome = 'answered';
  /** True once the caller hung up because the script ran out. */
  scriptEnded = false;

  constructor(private readonly options: ScriptOptions) {
    this.steps = [...options.steps];
    this.dials = [...(options.dials ?? [])];
  }

  /** Steps the call never reached: the line ended the call before the script did. */
  get unused(): CallerAction[] {
    return [...this.steps];
  }

  async answer(need: Need): Promise<Answer> {
    if (need.kind === 'dial') {
      this.lastDial = this.dials.shift() ?? this.lastDial;
      return { outcome: this.lastDial };
    }
    if (need.leg === 'staff') return staffAction(this.options.staff ?? { keys: '1' });
    const step = this.steps.shift();
    if (step) return step;
    this.scriptEnded = true;
    return { kind: 'hangup' };
  }
}

function staffAction(choice: StaffChoice): CallerAction {
  return choice === 'silent' ? { kind: 'silence' } : { kind: 'keys', digits: choice.keys };
}

export interface TerminalOptions {
  /** A person at a terminal sees the questions; piped input gets none. */
  ask: boolean;
  confidence?: number;
  /** Given on the command line, these are not asked. */
  dials?: DialOutcome[];
  staff?: StaffChoice;
}

const DIAL_KEYS: Record<string, DialOutcome> = { a: 'answered', n: 'no-answer', b: 'busy', f: 'failed' };

/** A person at the terminal: they type a sentence, keys, or Enter for silence; the end of input hangs up. */
export class TerminalPeople implements People {
  private readonly lines: string[] = [];
  private waiting: ((line: string | null) => void) | undefined;
  private closed = false;
  private readonly dials: DialOutcome[];

  constructor(private readonly rl: ReadlineInterface, private readonly options: TerminalOptions) {
    this.dials = [...(options.dials ?? [])];
    rl.on('line', (line) => {
      if (this.waiting) {
        const resolve = this.waiting;
        this.waiting = undefined;
        resolve(line);
      } else {
        this.lines.push(line);
      }
    });
    rl.on('close', () => {
      this.closed = true;
      this.waiting?.(null);
      this.waiting = undefined;
    });
  }

  async answer(need: Need): Promise<Answer> {
    if (need.kind === 'dial') return { outcome: this.dials.shift() ?? (await this.askDial()) };
    if (need.leg === 'staff') {
      if (this.options.staff) return staffAction(this.options.staff);
      const line = await this.ask('  staff › press a key, or Enter to press nothing: ');
      return line === null ? { kind: 'silence' } : parseTyped(line);
    }
    const question = need.kind === 'record'
      ? '  you › leave a message (type it; Enter alone leaves none): '
      : '  you › ';
    const line = await this.ask(question);
    return line === null ? { kind: 'hangup' } : parseTyped(line, this.options.confidence);
  }

  private async askDial(): Promise<DialOutcome> {
    for (;;) {
      const line = await this.ask('  intake phones ring: [a]nswered, [n]o answer, [b]usy, [f]ailed? (a) ');
      if (line === null) return 'answered';
      const choice = line.trim().toLowerCase();
      if (!choice) return 'answered';
      const outcome = DIAL_KEYS[choice[0]!] ?? DIAL_OUTCOMES.find((o) => o === choice);
      if (outcome) return outcome;
    }
  }

  private ask(question: string): Promise<string | null> {
    if (this.options.ask) {
      this.rl.setPrompt(question);
      this.rl.prompt();
    }
    const queued = this.lines.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => (this.waiting = resolve));
  }
}
