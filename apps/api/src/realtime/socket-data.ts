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

/**
 * One listener function for every socket: socket.io and EventEmitter call it with the socket as `this`.
 * A node holds thousands of idle sockets, and a closure per socket per listener adds up.
 */
export function sharedSocketListener<A extends unknown[]>(handle: (socket: Socket, ...args: A) => void): (this: Socket, ...args: A) => void {
  return function (this: Socket, ...args: A): void {
    handle(this, ...args);
  };
}
