import type { Socket } from 'socket.io';
import type { Actor } from '@attune/identity';

/** What the middleware proved about a socket; set before it connects, read by every handler. */
export interface SocketData {
  actor: Actor;
  /** When its access token expires (epoch ms): the socket is closed then. */
  expiresAtMs: number;
  /** The client record, when the actor is a client (their presence is shown to their team). */
  clientId: string | null;
}

export const socketData = (socket: Socket): SocketData => socket.data as SocketData;
export const socketActor = (socket: Socket): Actor => socketData(socket).actor;
