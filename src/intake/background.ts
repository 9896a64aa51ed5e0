import type { Logger } from 'pino';
import { safeError } from './retry';

/**
 * Work that must never hold up a caller's webhook (texts to staff, call look-ups): it starts after
 * the reply has gone, and a failure is logged, never thrown. Only the work in flight is kept, so
 * the server can let it finish on shutdown and tests can wait for it; no call state lives here.
 */
export class BackgroundTasks {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  run(task: string, work: () => Promise<void>): void {
    const done: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
      .then(work)
      .catch((err: unknown) => {
        this.logger.error({ task, err: safeError(err) }, 'background task failed');
      })
      .finally(() => {
        this.pending.delete(done);
      });
    this.pending.add(done);
  }

  /** How many tasks are still running. */
  get size(): number {
    return this.pending.size;
  }

  /** Resolves when no task is running (tasks started meanwhile included). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
