/** A first word that begins this many runs or more has them split by the word that follows. */
const MIN_RUNS_TO_SPLIT = 4;

/**
 * Word runs (keywords, phrases, rewrites) found by their first two words. Dozens of runs can start
 * with one word ("what", "how", the "i" of a spelled I O P), and trying each of them at every such
 * word of a transcript was a third of the time a sentence took to match; the word that follows
 * leaves a handful. Every list keeps the order the runs were given in, so the first run that fits
 * is the same one a single flat list would give. Callers still check that a run fits.
 */
export class RunIndex<T> {
  /** First word → next word → the runs that may start there; only for first words that begin many runs. */
  private readonly byNext = new Map<string, Map<string, T[]>>();
  /** First word → the runs that may start there whatever follows; for a word that begins few runs, all of them. */
  private readonly anyNext = new Map<string, T[]>();

  /**
   * `needsNext`: whether a run can be heard only when its own second word comes next (false for a
   * run of one word, or one that allows a gap after its first word).
   */
  constructor(runs: readonly T[], wordsOf: (run: T) => readonly string[], needsNext: (run: T) => boolean) {
    const byFirst = new Map<string, T[]>();
    for (const run of runs) {
      const first = wordsOf(run)[0];
      if (first === undefined) continue;
      const list = byFirst.get(first);
      if (list) list.push(run);
      else byFirst.set(first, [run]);
    }
    for (const [first, list] of byFirst) {
      // A short list is cheap to try whole; splitting every list, even of one run, cost ~0.85 MB of heap.
      if (list.length < MIN_RUNS_TO_SPLIT) {
        this.anyNext.set(first, list);
        continue;
      }
      this.anyNext.set(first, list.filter((run) => !needsNext(run)));
      const nextWords = new Set(list.filter(needsNext).map((run) => wordsOf(run)[1]!));
      const fits = (next: string) => list.filter((run) => !needsNext(run) || wordsOf(run)[1] === next);
      this.byNext.set(first, new Map([...nextWords].map((next) => [next, fits(next)])));
    }
  }

  /** The runs that may start at `tokens[at]`, in the order given; undefined when none can. */
  startingAt(tokens: readonly string[], at: number): readonly T[] | undefined {
    const first = tokens[at]!;
    return this.byNext.get(first)?.get(tokens[at + 1] ?? '') ?? this.anyNext.get(first);
  }
}
