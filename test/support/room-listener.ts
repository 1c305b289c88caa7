import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { socketIoKey } from '@attune/platform';
import { TEST_REDIS_URL } from '@attune/testing';
import type { TestApp } from './test-app.js';

export interface Received {
  event: string;
  payload: Record<string, unknown>;
}

/** A test socket sitting in some rooms, recording every event it receives. */
export interface Listener {
  received: Received[];
  /** Resolves with the first event of this name (and matching `where`), received now or later. */
  next(event: string, where?: (payload: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Received>;
}

/**
 * A bare socket.io server on the same Redis adapter key the api nodes use (`socketIoKey(prefix)`), so
 * what Attune emits through @socket.io/redis-emitter reaches sockets here exactly as it would reach the
 * gateway's. Test sockets join rooms by name (the gateway's authentication is not under test here).
 */
export class RoomListener {
  private readonly sockets: Socket[] = [];

  private constructor(
    private readonly io: Server,
    private readonly http: HttpServer,
    private readonly redis: Redis[],
    private readonly url: string,
  ) {}

  static async start(t: TestApp): Promise<RoomListener> {
    const pub = new Redis(TEST_REDIS_URL, { lazyConnect: false });
    const sub = pub.duplicate();
    const http = createServer();
    const io = new Server(http, { adapter: createAdapter(pub, sub, { key: socketIoKey(t.config.redisPrefix) }) });
    io.on('connection', (socket) => {
      const rooms = (socket.handshake.auth as { rooms?: string[] }).rooms ?? [];
      void socket.join(rooms);
      socket.emit('joined', rooms);
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    // The adapter's subscription must be live before anything is emitted.
    await new Promise<void>((resolve) => (sub.status === 'ready' ? resolve() : sub.once('ready', () => resolve())));
    return new RoomListener(io, http, [pub, sub], `http://127.0.0.1:${(http.address() as AddressInfo).port}`);
  }

  async join(rooms: string[]): Promise<Listener> {
    const socket = connect(this.url, { auth: { rooms }, transports: ['websocket'], reconnection: false });
    this.sockets.push(socket);
    const received: Received[] = [];
    const waiters: { event: string; where: (p: Record<string, unknown>) => boolean; resolve: (r: Received) => void }[] = [];
    socket.onAny((event: string, payload: Record<string, unknown>) => {
      if (event === 'joined') return;
      const item = { event, payload };
      received.push(item);
      for (const w of waiters.filter((w) => w.event === event && w.where(payload))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(item);
      }
    });
    await new Promise<void>((resolve) => socket.once('joined', () => resolve()));
    return {
      received,
      next: (event, where = () => true, timeoutMs = 10_000) => {
        const seen = received.find((r) => r.event === event && where(r.payload));
        if (seen) return Promise.resolve(seen);
        return new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
          waiters.push({ event, where, resolve: (r) => (clearTimeout(timer), resolve(r)) });
        });
      },
    };
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.disconnect();
    await new Promise<void>((resolve) => void this.io.close(() => resolve()));
    if (this.http.listening) await new Promise<void>((resolve) => this.http.close(() => resolve()));
    await Promise.all(this.redis.map((r) => r.quit().catch(() => undefined)));
  }
}
