import { Injectable, Logger } from '@nestjs/common';
import type { JobState } from 'bullmq';
import { Clock, JobQueue, Jobs } from '@attune/platform';
import { OutboundMessages } from '../outbound-messages.js';
import { Outbox, messageJobId } from '../outbox.js';

/**
 * How long a queued message may wait before we suspect its job is gone. Outbox.dispatch runs right after
 * the staging transaction commits, so a healthy job is picked up within a second; 30 s leaves room for a
 * busy worker without leaving a sign-in code waiting long.
 */
export const QUEUED_GRACE_SECONDS = 30;
/**
 * A message stays 'sending' only while a worker talks to the SMTP server or SMS API (a 10–30 s timeout
 * each). Past 5 minutes, with no job alive for it, its worker died mid-send.
 */
export const SENDING_LEASE_SECONDS = 300;
const BATCH = 500;
const LIVE: (JobState | 'unknown')[] = ['active', 'waiting', 'waiting-children', 'delayed', 'prioritized'];

export interface ReconcileResult {
  redispatched: number;
  interrupted: number;
}

/**
 * PostgreSQL is the record, Redis only carries work: this puts back what Redis lost (emptied, failed
 * over, or a dispatch that never happened because the process died right after commit).
 * - queued past the grace with no live job → dispatched again (same job id, so a live job is not doubled);
 * - sending past the lease with no live job → failed 'interrupted'. Never resent: the server may have
 *   accepted it before the worker died, and a sign-in code or reminder sent twice is worse than a failed
 *   one that the person can request again (at most once). Except messages staged `atLeastOnce` (critical
 *   reminders): those are queued and dispatched again.
 */
@Injectable()
export class MessageReconciler {
  private readonly log = new Logger('messages');

  constructor(
    private readonly messages: OutboundMessages,
    private readonly outbox: Outbox,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
  ) {}

  async reconcile(): Promise<ReconcileResult> {
    const now = this.clock.now().getTime();
    let redispatched = 0;
    for (const id of await this.messages.idsWithStatusCreatedBefore('queued', new Date(now - QUEUED_GRACE_SECONDS * 1000), BATCH)) {
      if (await this.clearFinishedJob(id)) {
        await this.outbox.dispatch(id);
        redispatched += 1;
      }
    }
    let interrupted = 0;
    for (const id of await this.messages.idsWithStatusCreatedBefore('sending', new Date(now - SENDING_LEASE_SECONDS * 1000), BATCH)) {
      if (!(await this.clearFinishedJob(id))) continue;
      if (await this.messages.requeueInterrupted(id)) {
        // A critical reminder's message: a duplicate is better than a safety escalation never arriving.
        await this.outbox.dispatch(id);
        redispatched += 1;
      } else {
        await this.messages.markFailed(id, 'interrupted: the worker stopped while sending; not retried');
        interrupted += 1;
      }
    }
    if (redispatched + interrupted > 0) this.log.warn({ redispatched, interrupted }, 'messages reconciled');
    return { redispatched, interrupted };
  }

  /**
   * False while a job for the message is alive (it will deliver or fail it). Otherwise removes any finished
   * job left under the message's id, which would make BullMQ ignore a new dispatch, and returns true.
   */
  private async clearFinishedJob(messageId: string): Promise<boolean> {
    const job = await this.jobs.queue(Jobs.deliverMessage.queue).getJob(messageJobId(messageId));
    if (!job) return true;
    if (LIVE.includes(await job.getState())) return false;
    await job.remove();
    return true;
  }
}
