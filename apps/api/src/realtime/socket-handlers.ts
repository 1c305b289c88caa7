import { Injectable } from '@nestjs/common';
import { CheckIns } from '@attune/checkins';
import { MessageFeed, Messages } from '@attune/messaging';
import { SubmitCheckInEventDto } from '../checkins/checkin.dto.js';
import { ClientPresenceEventDto, MarkReadEventDto, SendMessageEventDto, SyncMessagesEventDto } from '../messaging/message.dto.js';
import { inbound, type InboundHandler } from './inbound-handler.js';
import { Presence } from './presence.js';

/**
 * Every event a device may send, each one line: name, payload DTO, use case. Adding one is adding a line
 * (and its payload type in ClientToServerEvents).
 */
@Injectable()
export class SocketHandlers {
  readonly all: readonly InboundHandler[];

  constructor(messages: Messages, feed: MessageFeed, presence: Presence, checkIns: CheckIns) {
    this.all = [
      inbound('message.send', SendMessageEventDto, (actor, p) => messages.send(actor, p.threadId, p)),
      inbound('message.read', MarkReadEventDto, (actor, p) => messages.markRead(actor, p.threadId, p.cursor)),
      inbound('messages.sync', SyncMessagesEventDto, (actor, p) => feed.after(actor, p.after ?? '0', p.limit ?? 100)),
      inbound('presence.team', ClientPresenceEventDto, (actor, p) => presence.ofTeam(actor, p.clientId)),
      inbound('checkin.submit', SubmitCheckInEventDto, (actor, { clientId, ...body }) => checkIns.submit(actor, clientId, body)),
    ];
  }
}
