import type { Intent } from '../content/topics';

/** The keypad is a contract with callers (and printed on clinic materials): it never changes with the prompts. */
export const KEYPAD: Readonly<Record<string, Intent>> = {
  '1': 'what-is-iop',
  '2': 'program',
  '3': 'cost',
  '4': 'length',
  '5': 'curriculum',
  '6': 'drug-testing',
  '0': 'intake',
  /** The other language: English ⇄ Spanish, at any prompt. */
  '9': 'language',
  '*': 'repeat',
};

/** Only a single known key counts; anything else Twilio might send (several digits, '#', junk) does not. */
export function intentForKeys(digits: string): Intent | null {
  return Object.hasOwn(KEYPAD, digits) ? KEYPAD[digits]! : null;
}
