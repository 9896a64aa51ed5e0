/** Speaking rate the line plans for: a calm voice on the phone says about 150 words a minute. */
export const WORDS_PER_MINUTE = 150;

/** A number with a group of three or more digits, with its dash-joined neighbours: 911, 1-800-662-4357. */
const DIGIT_RUN = /(?:\d+-)*\d{3,}(?:-\d+)*/g;

/**
 * Turns written prompt text into what the voice should say: words listed in `spokenAs` are replaced
 * (IOP as letters), and numbers of three or more digits, with or without dashes (855-698-3554, 988,
 * 911), are read digit by digit so a caller can write them down.
 */
export function speakable(text: string, spokenAs: Readonly<Record<string, string>> = {}): string {
  let out = text;
  for (const [written, spoken] of Object.entries(spokenAs)) {
    out = out.replace(new RegExp(`\\b${escapeRegExp(written)}\\b`, 'g'), spoken);
  }
  return out.replace(DIGIT_RUN, (run) =>
    run
      .split('-')
      .map((group) => group.split('').join(' '))
      .join(', '),
  );
}

export function countWords(text: string): number {
  const words = text.trim().split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  return words.length;
}

/** How long the text takes to say at WORDS_PER_MINUTE; measured on the speakable form. */
export function speakingSeconds(spokenText: string): number {
  return (countWords(spokenText) / WORDS_PER_MINUTE) * 60;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
