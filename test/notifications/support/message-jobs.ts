import { QueueEvents } from 'bullmq';
import { Outbox, messageJobId, type MessageToSend } from '@attune/notifications';
import { JobQueue, Jobs } from '@attune/platform';
import type { TestApp } from '../../support/test-app.js';

export interface MessageRow {
  status: string;
  attempts: number;
  body: string | null;
  last_error: string | null;
  sent_at: Date | null;
}

/** Stages and dispatches messages as the app does, and waits for their jobs through BullMQ's events. */
export class MessageJobs {
  private constructor(
    private readonly t: TestApp,
    private readonly events: QueueEvents,
  ) {}

  static async open(t: TestApp): Promise<MessageJobs> {
    const events = new QueueEvents(Jobs.deliverMessage.queue, { connection: { url: t.config.redis.url }, prefix: t.config.redisPrefix });
    await events.waitUntilReady();
    return new MessageJobs(t, events);
  }

  /** Writes the row in a transaction; dispatches after commit unless told not to (a job "lost" by Redis). */
  async send(message: MessageToSend, options: { dispatch?: boolean } = {}): Promise<string> {
    const outbox = this.t.app.get(Outbox);
    const id = await this.t.db.transaction((tx) => outbox.stage(tx, message));
    if (options.dispatch ?? true) await outbox.dispatch(id);
    return id;
  }

  dispatch(messageId: string): Promise<void> {
    return this.t.app.get(Outbox).dispatch(messageId);
  }

  /** Resolves when the message's job has completed, retries included (BullMQ events, no polling). */
  async finished(messageId: string, jobId = messageJobId(messageId)): Promise<void> {
    const job = await this.t.app.get(JobQueue).queue(Jobs.deliverMessage.queue).getJob(jobId);
    if (!job) throw new Error(`no job ${jobId}`);
    await job.waitUntilFinished(this.events);
  }

  async row(messageId: string): Promise<MessageRow> {
    const [row] = await this.t.db.query<MessageRow[]>(
      `SELECT status, attempts, body, last_error, sent_at FROM outbound_message WHERE id = $1`,
      [messageId],
    );
    return row;
  }

  close(): Promise<void> {
    return this.events.close();
  }
}
