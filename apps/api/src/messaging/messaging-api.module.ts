import { Module } from '@nestjs/common';
import { MessagingModule } from '@attune/messaging';
import { MessageThreadsController } from './message-threads.controller.js';
import { MessagesController } from './messages.controller.js';

@Module({ imports: [MessagingModule], controllers: [MessageThreadsController, MessagesController] })
export class MessagingApiModule {}
