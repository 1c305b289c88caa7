import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { MessageDelivery } from '@attune/notifications';
import { HandlesJob, type JobData, type JobHandler } from '@attune/platform';

/**
 * Sends one outbound message by id. A transient failure throws, so BullMQ retries with backoff; on the
 * job's last attempt the message is marked failed instead. A duplicate or late job finds nothing to claim.
 */
@Injectable()
@HandlesJob('deliverMessage')
export class DeliverMessageHandler implements JobHandler<'deliverMessage'> {
  constructor(private readonly delivery: MessageDelivery) {}

  async handle(data: JobData<'deliverMessage'>, job: Job<JobData<'deliverMessage'>>): Promise<void> {
    // attemptsMade counts the attempts that already failed, not this one.
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    await this.delivery.deliver(data.messageId, finalAttempt);
  }
}
