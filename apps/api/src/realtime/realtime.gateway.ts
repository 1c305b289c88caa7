import { type BeforeApplicationShutdown, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type OnGatewayConnection, type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { BearerAuthentication } from '@attune/identity';
import { Problem, Realtime } from '@attune/platform';
import { InboundDispatch } from './inbound-dispatch.js';
import { Presence } from './presence.js';
import { SessionWatch } from './session-watch.js';
import { SocketHandlers } from './socket-handlers.js';
import { sharedSocketListener, socketData, type SocketData } from './socket-data.js';
import { SocketRooms } from './socket-rooms.js';

/**
 * The socket.io endpoint of an api node (path /socket.io). `io.use` authenticates every connection and
 * reconnection with the access token in `handshake.auth.token`, by the same code as HTTP, and joins the
 * socket's rooms before it is connected; Nest guards would not run on connect. Its server is also the way
 * this node's services emit (Realtime.deliverThrough).
 */
@WebSocketGateway()
export class RealtimeGateway implements OnGatewayInit<Server>, OnGatewayConnection<Socket>, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly log = new Logger('realtime');
  server?: Server;

  constructor(
    private readonly bearer: BearerAuthentication,
    private readonly rooms: SocketRooms,
    private readonly watch: SessionWatch,
    private readonly presence: Presence,
    private readonly handlers: SocketHandlers,
    private readonly dispatch: InboundDispatch,
    private readonly realtime: Realtime,
  ) {}

  afterInit(server: Server): void {
    this.server = server;
    server.use((socket, next) => {
      this.admit(socket).then(
        () => next(),
        (error: unknown) => next(refusal(error)),
      );
    });
    this.dispatch.use(this.handlers.all);
    this.watch.start(server);
    this.realtime.deliverThrough(server);
  }

  handleConnection(socket: Socket): void {
    this.dispatch.bind(socket);
    socket.on('disconnect', this.onDisconnect);
    void this.presence.connected(socket.id, socketData(socket)).catch((error: unknown) => this.warn('presence', error));
  }

  private readonly onDisconnect = sharedSocketListener((socket) => this.forgetSocket(socket));

  /** The socket is gone: its rate-limit window and (when it was its user's last) its presence. */
  private forgetSocket(socket: Socket): void {
    this.dispatch.forget(socket.id);
    if (!socket.data) return;
    void this.presence.disconnected(socket.id, socketData(socket)).catch((error: unknown) => this.warn('presence', error));
  }

  /** The server and its Redis adapter close next: emits from here on go through the redis-emitter. */
  beforeApplicationShutdown(): void {
    this.realtime.deliverThrough(undefined);
  }

  onApplicationShutdown(): void {
    this.watch.stop();
  }

  private async admit(socket: Socket): Promise<void> {
    const token: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
    if (typeof token !== 'string' || token.length === 0) throw Problem.unauthorized('auth.token: access token required');
    const { actor, expiresAtMs } = await this.bearer.authenticate(token);
    const { rooms, clientId } = await this.rooms.of(actor);
    const data: SocketData = { actor, expiresAtMs, clientId };
    socket.data = data;
    await socket.join(rooms);
  }

  private warn(what: string, error: unknown): void {
    this.log.warn({ error: error instanceof Error ? error.message : String(error) }, `${what} update failed`);
  }
}

/** The connect_error a refused device sees: the status and reason, never a stack. */
function refusal(error: unknown): Error & { data: { status: number } } {
  const status = error instanceof Problem ? error.getStatus() : 500;
  const message = error instanceof Problem ? (error.detail ?? error.title) : 'internal error';
  return Object.assign(new Error(message), { data: { status } });
}
