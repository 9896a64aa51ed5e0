import type { CallerAction, PhoneEvent } from './call';

/**
 * A prompt this long is flagged: it is the limit the prompts tests set for one answer
 * (tests/content/prompts.test.ts), so a caller would wait longer than any answer should take.
 */
export const LONG_PROMPT_SECONDS = 45;

type Style = 'dim' | 'bold' | 'red' | 'yellow' | 'green' | 'cyan';
const ANSI: Record<Style, [number, number]> = { dim: [2, 22], bold: [1, 22], red: [31, 39], yellow: [33, 39], green: [32, 39], cyan: [36, 39] };

/**
 * Turns the phone's events into the transcript a person reads: each request to the line, then what
 * the caller (or, in the whisper, staff) hears with how long it takes to say, and what they do.
 */
export class Transcript {
  private turn = 0;
  /** Seconds of prompts since the line's last reply: what a caller sits through before they can act. */
  private heard = 0;

  private readonly color: boolean;
  private readonly showTyped: boolean;

  constructor(private readonly write: (line: string) => void, options: { color?: boolean; showTyped?: boolean } = {}) {
    this.color = options.color ?? false;
    this.showTyped = options.showTyped ?? true;
  }

  readonly onEvent = (event: PhoneEvent): void => {
    for (const line of this.render(event)) this.write(line);
  };

  render(event: PhoneEvent): string[] {
    const c = (style: Style, text: string) => (this.color ? `\x1b[${ANSI[style][0]}m${text}\x1b[${ANSI[style][1]}m` : text);
    const who = (leg: 'caller' | 'staff') => (leg === 'caller' ? 'line ' : 'staff');
    switch (event.type) {
      case 'call':
        return [c('bold', `Calling ${event.url} from ${event.from}`)];
      case 'webhook': {
        const { pathname } = new URL(event.url);
        const status = event.status === undefined ? c('red', 'no reply') : event.status < 300 ? String(event.status) : c('red', String(event.status));
        const head = `${event.method} ${pathname} → ${status}, ${event.ms} ms  ${c('dim', `(${event.purpose}${describeParams(event.params)})`)}`;
        if (event.purpose.endsWith('callback')) return [c('dim', `        ↳ ${head}`)];
        this.turn += 1;
        this.heard = 0;
        const leg = event.leg === 'staff' ? ' staff leg' : '';
        return ['', c('cyan', `── ${this.turn}${leg} ─ `) + head];
      }
      case 'say': {
        this.heard += event.seconds;
        const long = event.seconds > LONG_PROMPT_SECONDS ? c('yellow', `  ⚠ over ${LONG_PROMPT_SECONDS} s`) : '';
        const loop = event.loop > 1 ? c('dim', ` ×${event.loop}`) : '';
        return [`  ${who(event.leg)} ${c('dim', seconds(event.seconds))}  ${event.text}${loop}${long}`];
      }
      case 'play':
        return [`  ${who(event.leg)} ${c('dim', '     ♪')}  plays ${event.url || `keys ${event.digits ?? ''}`}`];
      case 'pause':
        this.heard += event.seconds;
        return [`  ${who(event.leg)} ${c('dim', seconds(event.seconds))}  ${c('dim', '(pause)')}`];
      case 'listen': {
        const ways = event.input.map((i) => (i === 'dtmf' ? 'keys' : i)).join(' or ');
        const digits = event.numDigits ? `, ${event.numDigits} key${event.numDigits > 1 ? 's' : ''}` : '';
        return [c('dim', `         listens for ${ways}${digits}, ${event.timeoutSeconds} s after ${seconds(this.heard).trim()} of prompts`)];
      }
      case 'input':
        if (!this.showTyped) return [];
        return [`  ${event.leg === 'caller' ? 'you  ' : 'staff'} ${c('bold', '›')} ${describeAction(event.action)}`];
      case 'dial':
        return [`  line  ☎  rings ${event.numbers.join(', ')} for up to ${event.timeoutSeconds} s`];
      case 'dial-end':
        return event.bridged
          ? [c('green', `  ✔ connected: the caller talks with ${event.number ?? 'intake'}`)]
          : [`  ✘ the Dial ends: ${event.status}${event.number ? ` (${event.number} did not take the call)` : ''}`];
      case 'record':
        return [`  line  ●  records${event.beep ? ' after a beep' : ''}, up to ${event.maxLengthSeconds} s`];
      case 'recorded':
        return [`  ${event.leg === 'caller' ? 'you  ' : 'staff'} ${c('bold', '›')} leaves a ${event.seconds} s message: "${event.transcript}"`];
      case 'problem': {
        const code = event.code ? ` ${event.code}` : '';
        return event.severity === 'error'
          ? [c('red', `  ✖ Twilio would reject this reply (error${code}): ${event.message}`)]
          : [c('yellow', `  ⚠ Twilio would warn (${code.trim() || 'warning'}): ${event.message}`)];
      }
      case 'note':
        return [c('dim', `  · ${event.message}`)];
      case 'end':
        return ['', c('bold', `── the call ends: ${END_WORDS[event.reason]} · about ${duration(event.seconds)}`)];
    }
  }
}

const END_WORDS = {
  hangup: 'the line hung up',
  'end-of-document': 'the TwiML ran out of verbs, so Twilio hung up',
  'caller-hangup': 'you hung up',
  'application-error': "Twilio's application error",
} as const;

export function describeAction(action: CallerAction): string {
  switch (action.kind) {
    case 'keys':
      return `presses ${action.digits}`;
    case 'speech':
      return `says "${action.transcript}"`;
    case 'silence':
      return '(silence)';
    case 'hangup':
      return 'hangs up';
  }
}

/** The parameters that carry what happened (Digits, SpeechResult, DialCallStatus, ...), not the call's own. */
function describeParams(params: Record<string, string>): string {
  const shown = Object.entries(params).map(([k, v]) => `${k}=${v.length > 40 ? `${v.slice(0, 37)}...` : v}`);
  return shown.length ? `: ${shown.join(' ')}` : '';
}

function seconds(value: number): string {
  return `${value.toFixed(1)} s`.padStart(7);
}

function duration(totalSeconds: number): string {
  const minutes = Math.floor(totalSeconds / 60);
  const rest = Math.round(totalSeconds % 60);
  return minutes ? `${minutes} min ${rest} s` : `${rest} s`;
}
