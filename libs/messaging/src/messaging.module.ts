import { Module } from '@nestjs/common';
import { CareModule } from '@attune/care';
import { MessageFeed } from './feed/message-feed.js';
import { Messages } from './messages/messages.js';
import { MessageThreads } from './threads/message-threads.js';
import { ThreadAccess } from './threads/thread-access.js';

/** Threads, messages, receipts and the replay feed. Tables: see the messaging migration (plain SQL, no entities). */
@Module({
  imports: [CareModule],
  providers: [ThreadAccess, MessageThreads, Messages, MessageFeed],
  exports: [MessageThreads, Messages, MessageFeed],
})
export class MessagingModule {}
