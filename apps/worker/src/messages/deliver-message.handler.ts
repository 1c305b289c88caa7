import { Injectable } from '@nestjs/common';
import { HandlesJob, type JobData, type JobHandler } from '@attune/platform';

/** Sends one outbound message by id. (Senders arrive with the notifications work.) */
@Injectable()
@HandlesJob('deliverMessage')
export class DeliverMessageHandler implements JobHandler<'deliverMessage'> {
  async handle(_data: JobData<'deliverMessage'>): Promise<void> {
    await Promise.resolve();
  }
}
