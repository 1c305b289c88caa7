import { Module } from '@nestjs/common';
import { CareModule } from '@attune/care';
import { CheckinsModule } from '@attune/checkins';
import { IdentityModule } from '@attune/identity';
import { MessagingModule } from '@attune/messaging';
import { InboundDispatch } from './inbound-dispatch.js';
import { Presence } from './presence.js';
import { PresenceController } from './presence.controller.js';
import { RealtimeGateway } from './realtime.gateway.js';
import { SessionWatch } from './session-watch.js';
import { SocketHandlers } from './socket-handlers.js';
import { SocketRooms } from './socket-rooms.js';

/** The socket.io gateway, presence and the inbound socket events. The server itself: AttuneIoAdapter. */
@Module({
  imports: [IdentityModule, CareModule, MessagingModule, CheckinsModule],
  controllers: [PresenceController],
  providers: [RealtimeGateway, SocketRooms, SessionWatch, Presence, InboundDispatch, SocketHandlers],
  exports: [RealtimeGateway, Presence],
})
export class RealtimeApiModule {}
