import { Injectable } from '@nestjs/common';
import { ReminderDelivery } from '@attune/reminders';
import { HandlesJob, type JobData, type JobHandler } from '@attune/platform';

/**
 * Delivers one reminder by id and version. A repeated or outdated job (the row moved, was cancelled or was
 * sent) claims nothing. A thrown error (the database away) is retried by BullMQ; if every attempt fails the
 * row stays scheduled and the reconciler enqueues it again.
 */
@Injectable()
@HandlesJob('deliverReminder')
export class DeliverReminderHandler implements JobHandler<'deliverReminder'> {
  constructor(private readonly delivery: ReminderDelivery) {}

  async handle(data: JobData<'deliverReminder'>): Promise<void> {
    await this.delivery.deliver(data.reminderId, data.version);
  }
}
