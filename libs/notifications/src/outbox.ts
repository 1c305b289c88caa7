import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig, Clock, JobQueue, jobId } from '@attune/platform';
import { OutboundMessage, type CalendarPart, type Channel } from './entities/outbound-message.entity.js';

export interface MessageToSend {
  organizationId: string;
  recipientUserId: string | null;
  channel: Channel;
  to: string;
  /** Emails only. Say nothing about treatment: the subject shows on a lock screen and in a shared inbox. */
  subject?: string;
  body: string;
  /** The reminder this message delivers (one message per reminder and channel). */
  reminderId?: string;
  /** Send again if a worker dies mid-send (critical reminders). Default: at most once. */
  atLeastOnce?: boolean;
  /** Emails only: an invitation's calendar part. */
  calendar?: CalendarPart;
}

const DISPATCH_WAIT_MS = 2000;

/** One job id per message: a repeated dispatch is ignored while the job exists. */
export const messageJobId = (messageId: string) => jobId('message', messageId);

/**
 * Emails and texts leave through here. `stage` writes the row inside the caller's transaction;
 * `dispatch` enqueues its delivery after commit (the worker's reconciler re-enqueues what Redis lost).
 */
@Injectable()
export class Outbox {
  constructor(
    private readonly clock: Clock,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
  ) {}

  private readonly log = new Logger('outbox');

  async stage(tx: EntityManager, message: MessageToSend): Promise<string> {
    const row = await tx.save(
      tx.create(OutboundMessage, {
        organizationId: message.organizationId,
        recipientUserId: message.recipientUserId,
        channel: message.channel,
        toAddress: message.to,
        subject: message.subject ?? null,
        body: message.body,
        status: 'queued',
        attempts: 0,
        lastError: null,
        createdAt: this.clock.now(),
        sentAt: null,
        reminderId: message.reminderId ?? null,
        atLeastOnce: message.atLeastOnce ?? false,
        calendarMethod: message.calendar?.method ?? null,
        calendarIcs: message.calendar?.content ?? null,
      }),
    );
    return row.id;
  }

  /**
   * The row is already committed, so a Redis outage must not hang or fail the request (a sign-in code
   * request would otherwise wait for Redis): after a short wait we give up and let the reconciler enqueue it.
   */
  async dispatch(messageId: string): Promise<void> {
    const enqueue = this.jobs.enqueue(
      'deliverMessage',
      { messageId },
      // Five attempts in all (JobQueue's default); the delay doubles from MESSAGE_RETRY_BASE_MS.
      { jobId: messageJobId(messageId), backoff: { type: 'exponential', delay: this.config.durations.messageRetryBaseMs } },
    );
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<'gave-up'>((resolve) => {
      timer = setTimeout(() => resolve('gave-up'), DISPATCH_WAIT_MS);
    });
    const outcome = await Promise.race([enqueue.then(() => 'queued' as const, () => 'failed' as const), gaveUp]);
    clearTimeout(timer);
    if (outcome !== 'queued') this.log.warn({ messageId, outcome }, 'message not enqueued now; the reconciler will');
  }
}
