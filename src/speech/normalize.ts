import type { Prompts } from '../content/schema';
import { RunIndex } from './run-index';

/** The `speech:` section of one language's prompts file. */
export type SpeechRules = Prompts['speech'];

/** Transcripts are cut to this many characters: a caller's question fits, a runaway transcript costs nothing. */
export const MAX_TRANSCRIPT_CHARS = 400;
/** A plural ending is stripped only if at least this much of the word is left ("uas" → "ua", "is" stays). */
const MIN_STEM_CHARS = 2;
/** Two words the recognizer split ("out patient") are joined only into a known word at least this long. */
const MIN_JOINED_CHARS = 5;
const MIN_PART_CHARS = 2;
/** An unknown word this long or longer is read as the known word it most resembles ("relapsed" → "relapse")... */
const MIN_FUZZY_CHARS = 6;
/** ...if their letter pairs overlap this much (string-similarity's Dice coefficient). */
const MIN_FUZZY_LIKENESS = 0.85;
/**
 * Two words, one of them unknown, are read together as the known word they resemble ("opera tore" →
 * operator, "tri gers" → triggers) when joined they are at least this long. Over rounds 7-91 left out
 * in turn: 3 more answered right, 2 more crisis messages (one "narc can", read as narcan), none more
 * wrong, and 13 more answered by the rules that only the learnt model had placed.
 */
const MIN_FUZZY_JOIN_CHARS = 7;
const MIN_NEAR_PART_CHARS = 3;
/** Unknown words whose reading is remembered (a few hundred kB at most); past this the memory starts over. */
const MAX_READINGS = 5000;

/**
 * Turns a telephone transcript into the words the matcher compares, in order:
 *   1. lower case, accents and punctuation off; "i.o.p." becomes the letters "i o p";
 *   2. contractions expanded (what's → what is); any other 's split off (IOP's → iop s);
 *   3. misheard words and spelled acronyms rewritten (d talks → detox, eye oh pee → iop);
 *   4. words the recognizer split joined again when the joined word is one the line knows, or (one of
 *      the two unknown) closely resembles one;
 *   5. fillers dropped (um, uh, I was wondering), then plural endings and stray s.
 * The same steps run over the prompts' own phrases and keywords, so both sides meet in one form.
 */
export interface Normalizer {
  words(text: string): string[];
}

interface Rewrite {
  from: readonly string[];
  to: readonly string[];
}

/** Rewrites token runs, longest first, left to right; an index by their first words keeps it fast. */
class RunRewriter {
  private readonly index: RunIndex<Rewrite>;

  constructor(rewrites: Iterable<Rewrite>) {
    // Longest first (a stable sort: equally long rewrites keep their order), so the first that fits wins.
    const longestFirst = [...rewrites].sort((a, b) => b.from.length - a.from.length);
    this.index = new RunIndex(longestFirst, (r) => r.from, (r) => r.from.length > 1);
  }

  apply(tokens: readonly string[]): string[] {
    const out: string[] = [];
    let i = 0;
    while (i < tokens.length) {
      const hit = this.at(tokens, i);
      if (hit) {
        for (const token of hit.to) out.push(token);
        i += hit.from.length;
      } else {
        out.push(tokens[i]!);
        i += 1;
      }
    }
    return out;
  }

  /** The longest rewrite whose run starts at `i`, if any. */
  private at(tokens: readonly string[], i: number): Rewrite | undefined {
    for (const rewrite of this.index.startingAt(tokens, i) ?? []) if (startsAt(tokens, i, rewrite.from)) return rewrite;
    return undefined;
  }
}

/**
 * The highest Dice coefficient (string-similarity's measure, over letter pairs, spaces removed) two
 * strings of these lengths could reach: lengths alone rule most comparisons out before they are made.
 */
export function diceBound(lettersA: number, lettersB: number): number {
  const pairsA = lettersA - 1;
  const pairsB = lettersB - 1;
  return pairsA < 1 || pairsB < 1 ? 1 : (2 * Math.min(pairsA, pairsB)) / (pairsA + pairsB);
}

/**
 * A word's letter pairs as sorted numbers ("abab": ab, ab, ba), for diceOfPairs. Words here hold no
 * whitespace and are at least two letters long (MIN_FUZZY_CHARS).
 */
export function letterPairs(word: string): Uint32Array {
  const pairs = new Uint32Array(Math.max(0, word.length - 1));
  for (let i = 0; i < pairs.length; i++) pairs[i] = word.charCodeAt(i) * 0x10000 + word.charCodeAt(i + 1);
  return pairs.sort();
}

/**
 * string-similarity's compareTwoStrings for two different words without whitespace: twice the
 * letter pairs they share (each pair counted as often as both hold it), over the pairs of both. The
 * same number, from pairs worked out once a word: reading the ~24,000 example lines at start-up
 * compared unknown words with known ones ~100 ms faster (a test holds the two equal).
 */
export function diceOfPairs(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 || b.length === 0) return 0;
  let shared = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return (2 * shared) / (a.length + b.length);
}

export function startsAt(tokens: readonly string[], at: number, run: readonly string[]): boolean {
  if (at + run.length > tokens.length) return false;
  for (let k = 0; k < run.length; k++) if (tokens[at + k] !== run[k]) return false;
  return true;
}

/** Only text outside ASCII can change under NFKD or carry an accent to strip. */
const NOT_ASCII = /[^\x00-\x7f]/;

/** Case, accents, punctuation; single letters followed by a dot are spelled letters ("u.a." → "u a"). */
export function basicTokens(text: string): string[] {
  let plain = text
    .slice(0, MAX_TRANSCRIPT_CHARS)
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`\u00b4]/g, "'");
  // Most transcripts are plain ASCII; a speech turn saves ~2 us by not normalizing those.
  if (NOT_ASCII.test(plain)) plain = plain.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  // A token is a run of letters, digits and apostrophes; a dot, like any other mark, ends one ("u.a." → "u a").
  return plain.match(/[a-z0-9']+/g) ?? [];
}

/** Every way the recognizer may write a spelled acronym: each letter's spellings, and single letters run together ("io p"). */
export function spellings(letters: readonly (readonly string[])[]): string[][] {
  let forms: string[][] = [[]];
  for (const sounds of letters) forms = forms.flatMap((head) => sounds.map((sound) => [...head, ...basicTokens(sound)]));
  return forms.flatMap(runTogether);
}

/** ["i", "o", "p"] → also ["io", "p"], ["i", "op"], ["iop"]: any two adjacent single letters may be glued. */
function runTogether(tokens: string[]): string[][] {
  const gluable = tokens.flatMap((t, i) => (t.length === 1 && tokens[i + 1]?.length === 1 ? [i] : []));
  const out: string[][] = [];
  for (let mask = 0; mask < 1 << gluable.length; mask++) {
    const glued = new Set(gluable.filter((_, bit) => mask & (1 << bit)));
    const form: string[] = [];
    tokens.forEach((t, i) => (glued.has(i - 1) ? (form[form.length - 1] += t) : form.push(t)));
    out.push(form);
  }
  return out;
}

/**
 * `vocabulary`: the phrases and keywords the line listens for. A split word ("out patient") is
 * joined only when the joined word is one of theirs.
 */
export function buildNormalizer(rules: SpeechRules, vocabulary: Iterable<string> = []): Normalizer {
  const contractions = new Map(Object.entries(rules.contractions).map(([k, v]) => [basicTokens(k).join("'"), basicTokens(v)]));
  const plurals = [...rules.plurals].map((p) => p.toLowerCase()).sort((a, b) => b.length - a.length);

  const apostrophes = (tokens: string[]): string[] => {
    // Most transcripts have no apostrophe at all: their tokens pass through as they are.
    if (!tokens.some((token) => token.includes("'"))) return tokens;
    return tokens.flatMap((token) => {
      if (!token.includes("'")) return [token];
      const trimmed = token.replace(/^'+|'+$/g, '');
      const expanded = contractions.get(trimmed);
      if (expanded) return expanded;
      if (trimmed.endsWith("'s")) return [trimmed.slice(0, -2).replace(/'/g, ''), 's'].filter(Boolean);
      return [trimmed.replace(/'/g, '')].filter(Boolean);
    });
  };
  const early = (text: string) => apostrophes(basicTokens(text));

  const rewrites: Rewrite[] = [];
  for (const [meant, heard] of Object.entries(rules.aliases)) {
    for (const form of heard) rewrites.push({ from: early(form), to: early(meant) });
  }
  for (const [acronym, letters] of Object.entries(rules.spelled)) {
    for (const form of spellings(letters)) rewrites.push({ from: form, to: early(acronym) });
  }
  const rewriter = new RunRewriter(rewrites.filter((r) => r.from.length > 0));
  const knownWords = new Set<string>();
  for (const text of vocabulary) for (const word of rewriter.apply(early(text))) knownWords.add(word);

  const joinSplitWords = (tokens: string[]): string[] => {
    const out: string[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const left = tokens[i]!;
      const right = tokens[i + 1] ?? '';
      // Both halves at least two letters: "a live" is not "alive". Lengths first: most pairs are never joined.
      const joinable = left.length >= MIN_PART_CHARS && right.length >= MIN_PART_CHARS && left.length + right.length >= MIN_JOINED_CHARS;
      if (joinable && knownWords.has(left + right)) {
        out.push(left + right);
        i += 1;
        continue;
      }
      // Only two parts of three letters or more, one of them unknown: "pregunta se" had been read as
      // "preguntas", and the "se" of "se está asfixiando" was lost.
      const near =
        left.length >= MIN_NEAR_PART_CHARS && right.length >= MIN_NEAR_PART_CHARS && !(knownWords.has(left) && knownWords.has(right))
          ? nearJoin(left, right)
          : undefined;
      if (near !== undefined) {
        out.push(near);
        i += 1;
      } else out.push(left);
    }
    return out;
  };

  // Known words by first letter, each with its letter pairs: an unknown word is compared only with
  // words that start like it, and a known word's pairs are worked out once, not at every comparison.
  const byInitial = new Map<string, { word: string; pairs: Uint32Array }[]>();
  for (const word of knownWords) {
    if (word.length < MIN_FUZZY_CHARS - 1) continue;
    const entry = { word, pairs: letterPairs(word) };
    const list = byInitial.get(word[0]!);
    if (list) list.push(entry);
    else byInitial.set(word[0]!, [entry]);
  }
  const endings = [...rules.endings].map((e) => e.toLowerCase()).sort((a, b) => b.length - a.length);
  /** An unknown word that is a known one with an ending ("relapsing", "enrolled"): taken as the known word. */
  const knownStem = (token: string): string | undefined => {
    // The longest known stem wins: "letters" is "letter" + s, not "let" + ters.
    let found: string | undefined;
    for (const ending of endings) {
      if (!token.endsWith(ending)) continue;
      const stem = token.slice(0, -ending.length);
      // "relapsing" → relaps(e), "stopped" → stop(p): the stem as written, with a silent e, or undoubled.
      const undoubled = stem.length > 1 && stem.at(-1) === stem.at(-2) ? stem.slice(0, -1) : stem;
      // A silent e only on a stem of three letters or more: "dis" is not "die" + s.
      for (const candidate of stem.length >= 3 ? [stem, `${stem}e`, undoubled] : [stem, undoubled]) {
        if (candidate.length >= MIN_STEM_CHARS + 1 && knownWords.has(candidate) && candidate.length > (found?.length ?? 0)) found = candidate;
      }
    }
    return found;
  };
  // Callers use the same words again and again; an unknown word's reading is worked out once.
  const readings = new Map<string, string>();
  const nearestKnown = (token: string): string => {
    if (knownWords.has(token)) return token;
    let reading = readings.get(token);
    if (reading === undefined) {
      reading = readUnknown(token);
      if (readings.size >= MAX_READINGS) readings.clear();
      readings.set(token, reading);
    }
    return reading;
  };
  const readUnknown = (token: string): string => {
    const stem = knownStem(token);
    if (stem) return stem;
    if (token.length < MIN_FUZZY_CHARS) return token;
    let best = token;
    let bestLikeness = MIN_FUZZY_LIKENESS;
    const pairs = letterPairs(token);
    for (const { word, pairs: known } of byInitial.get(token[0]!) ?? []) {
      if (diceBound(token.length, word.length) < bestLikeness) continue;
      const likeness = diceOfPairs(pairs, known);
      if (likeness >= bestLikeness) [best, bestLikeness] = [word, likeness];
    }
    return best;
  };

  /** Two split words read as one unknown word (remembered with the others' readings), or undefined. */
  const nearJoin = (left: string, right: string): string | undefined => {
    const joined = left + right;
    if (joined.length < MIN_FUZZY_JOIN_CHARS) return undefined;
    const reading = nearestKnown(joined);
    // Nothing like it, or only the left word again: the right word is kept, not swallowed.
    return reading === joined || reading === left ? undefined : reading;
  };
  /** Misheard words rewritten, split words joined, unknown words read as known ones. */
  const read = (tokens: string[]): string[] => joinSplitWords(rewriter.apply(tokens)).map(nearestKnown);
  // Fillers are dropped after words are read, so each is listed as read too: "buenas tardes" arrives
  // as "buenas tarde" when "tarde" is a word the line knows, and must still be dropped whole.
  const fillers = new RunRewriter(
    rules.fillers.flatMap((f) => {
      const written = early(f);
      const asRead = read(written);
      return (asRead.join(' ') === written.join(' ') ? [written] : [written, asRead]).map((from) => ({ from, to: [] }));
    }),
  );

  const singular = (token: string): string => {
    for (const ending of plurals) {
      if (!token.endsWith(ending)) continue;
      const stem = token.slice(0, -ending.length);
      // "class", "stress": a doubled ending is part of the word, not a plural.
      if (stem.length >= MIN_STEM_CHARS && !stem.endsWith(ending)) return stem;
    }
    return token;
  };

  return {
    words(text: string): string[] {
      return fillers
        .apply(read(early(text)))
        .filter((t) => t !== 's')
        .map(singular);
    },
  };
}
