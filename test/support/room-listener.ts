import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { socketIoKey, type AppConfig, type ServerEventName, type ServerEventPayload } from '@attune/platform';

export interface Heard {
  event: ServerEventName;
  payload: unknown;
}

/**
 * Listens to Attune's socket rooms without the gateway: a bare socket.io server on the same Redis adapter
 * key as every api node, whose one socket sits in the rooms asked for. What `Realtime` emits to those
 * rooms arrives here, so a test can prove who would receive what.
 */
export class RoomListener {
  readonly heard: Heard[] = [];
  private waiters: (() => void)[] = [];

  private constructor(
    private readonly server: Server,
    private readonly socket: Socket,
    private readonly redis: Redis[],
  ) {
    socket.onAny((event: ServerEventName, payload: unknown) => {
      this.heard.push({ event, payload });
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static async start(config: AppConfig, rooms: string[]): Promise<RoomListener> {
    const pub = new Redis(config.redis.url);
    const sub = pub.duplicate();
    const http = createServer();
    const server = new Server(http, { adapter: createAdapter(pub, sub, { key: socketIoKey(config.redisPrefix) }) });
    server.on('connection', (socket) => void socket.join(rooms));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const port = (http.address() as AddressInfo).port;
    const socket = connect(`http://127.0.0.1:${port}`, { transports: ['websocket'] });
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('connect_error', reject));
    // The join above runs before 'connect' reaches the client; the adapter's subscription is made at join.
    return new RoomListener(server, socket, [pub, sub]);
  }

  /** Resolves with the first payload of `event` that `match` accepts (already heard or yet to come). */
  async next<E extends ServerEventName>(event: E, match: (payload: ServerEventPayload<E>) => boolean = () => true, timeoutMs = 10_000): Promise<ServerEventPayload<E>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.heard.find((h) => h.event === event && match(h.payload as ServerEventPayload<E>));
      if (found) return found.payload as ServerEventPayload<E>;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${event} heard`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async close(): Promise<void> {
    this.socket.disconnect();
    await this.server.close();
    for (const client of this.redis) client.disconnect();
  }
}
