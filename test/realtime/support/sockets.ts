import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, MessageEvent, ServerToClientEvents } from '@attune/platform';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type AckReply<T = unknown> = { ok: true; data: T } | { ok: false; status: number; error: string; fields?: string[] };

/** A real socket.io-client over WebSocket (no reconnection unless asked), resolved once connected. */
export function connect(url: string, token: string | undefined, options: { reconnection?: boolean } = {}): Promise<TestSocket> {
  const socket: TestSocket = io(url, { auth: token ? { token } : {}, transports: ['websocket'], reconnection: options.reconnection ?? false, reconnectionDelay: 100, reconnectionDelayMax: 1_000, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** Resolves with the connect_error a refused connection gets. */
export async function refused(url: string, token: string | undefined): Promise<Error & { data?: { status: number } }> {
  try {
    const socket = await connect(url, token);
    socket.close();
  } catch (error) {
    return error as Error & { data?: { status: number } };
  }
  throw new Error('the connection was accepted');
}

/** Emits an inbound event and resolves with its acknowledgement (rejects when none comes: a dead socket buffers). */
export function call<T = unknown>(socket: TestSocket, event: keyof ClientToServerEvents, payload: unknown, timeoutMs = 15_000): Promise<AckReply<T>> {
  return new Promise((resolve, reject) => {
    const timed = socket.timeout(timeoutMs) as unknown as { emit(event: string, payload: unknown, ack: (error: Error | null, reply: AckReply<T>) => void): void };
    timed.emit(event, payload, (error, reply) => (error ? reject(error) : resolve(reply)));
  });
}

/** The next `event` this socket receives that matches. */
export function next<E extends keyof ServerToClientEvents>(socket: TestSocket, event: E, match: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true, timeoutMs = 30_000): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    const listener = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(payload);
    };
    socket.on(event, listener as never);
  });
}

/** Resolves when the socket is disconnected (by the server). */
export function disconnected(socket: TestSocket, timeoutMs = 10_000): Promise<string> {
  if (socket.disconnected) return Promise.resolve('already');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still connected after ${timeoutMs} ms`)), timeoutMs);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

/**
 * A device's inbox as a real app keeps it: it trusts only replay by cursor. A live `message.new` (or a
 * reconnection) asks `messages.sync` for everything after the last cursor; syncs run one at a time, so
 * each message is taken once and in cursor order.
 */
export class Inbox {
  readonly messages: MessageEvent[] = [];
  cursor = '0';
  private chain: Promise<void> = Promise.resolve();
  private socket?: TestSocket;

  attach(socket: TestSocket): this {
    this.socket = socket;
    socket.on('message.new', () => void this.sync());
    socket.on('connect', () => void this.sync());
    return this;
  }

  sync(): Promise<void> {
    this.chain = this.chain.then(async () => {
      const socket = this.socket;
      if (!socket?.connected) return;
      for (;;) {
        // A sync on a socket that died meanwhile gets no answer: give up; the next connection syncs again.
        const reply = await call<{ messages: MessageEvent[]; cursor: string }>(socket, 'messages.sync', { after: this.cursor, limit: 100 }, 5_000).catch(() => null);
        if (!reply?.ok) return;
        this.messages.push(...reply.data.messages);
        this.cursor = reply.data.cursor;
        if (reply.data.messages.length < 100) return;
      }
    });
    return this.chain;
  }

  /** Resolves once `count` messages are in (syncing as it waits). */
  async waitFor(count: number, timeoutMs = 90_000): Promise<MessageEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages.length < count) {
      if (Date.now() > deadline) throw new Error(`inbox has ${this.messages.length} of ${count}`);
      await this.sync();
      if (this.messages.length < count) await new Promise((r) => setTimeout(r, 50));
    }
    return this.messages;
  }
}
