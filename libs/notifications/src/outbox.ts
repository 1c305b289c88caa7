import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock, JobQueue, jobId } from '@attune/platform';
import { OutboundMessage, type Channel } from './entities/outbound-message.entity.js';

export interface MessageToSend {
  organizationId: string;
  recipientUserId: string | null;
  channel: Channel;
  to: string;
  subject?: string;
  body: string;
}

/**
 * Emails and texts leave through here. `stage` writes the row inside the caller's transaction;
 * `dispatch` enqueues its delivery after commit (the worker's reconciler re-enqueues what Redis lost).
 */
@Injectable()
export class Outbox {
  constructor(
    private readonly clock: Clock,
    private readonly jobs: JobQueue,
  ) {}

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
      }),
    );
    return row.id;
  }

  async dispatch(messageId: string): Promise<void> {
    await this.jobs.enqueue('deliverMessage', { messageId }, { jobId: jobId('message', messageId) });
  }
}
