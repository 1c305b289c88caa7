import type { Logger } from '@nestjs/common';

/**
 * Runs a task at start and then every `intervalMs`, never two runs at once (a slow run makes the next
 * tick skip rather than pile up). The timer is unref'd so it never keeps a process alive; `stop` clears
 * it and waits for a run in progress, so shutdown does not close the database under it.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly task: () => Promise<unknown>,
    private readonly log: Pick<Logger, 'error'>,
  ) {}

  start(): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.task()
      .then(() => undefined)
      // A failed run is retried by the next tick; the message is ours (no client data in it).
      .catch((error: unknown) => this.log.error({ error: error instanceof Error ? error.message : String(error) }, `${this.name} failed`))
      .finally(() => (this.running = undefined));
  }
}
