import { E164 } from '../config';

/**
 * What Twilio puts in From when a caller withholds their number: the keypad spellings of
 * ANONYMOUS, RESTRICTED, UNAVAILABLE, BLOCKED and UNKNOWN (seen in public code that handles
 * Twilio calls; Twilio does not document them all), besides words such as "anonymous".
 */
const WITHHELD = new Set(['+266696687', '+7378742833', '+86282452253', '+2562533', '+8656696']);

/** The caller's own number, if it is a real one that staff could call back; otherwise undefined. */
export function presentableCallerId(from: string | undefined): string | undefined {
  if (!from || !E164.test(from) || WITHHELD.has(from)) return undefined;
  return from;
}
