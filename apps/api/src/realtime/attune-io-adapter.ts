import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { IncomingMessage } from 'node:http';
import type { Redis } from 'ioredis';
import { AppConfig, closeRedis, connectRedis, socketIoKey } from '@attune/platform';

/**
 * The socket.io server of an api node: every node shares rooms and broadcasts through Redis pub/sub
 * (`@socket.io/redis-adapter`, the key the worker's `@socket.io/redis-emitter` publishes on).
 *
 * Connection state recovery stays OFF: in socket.io 4.8 a recovering socket gets its missed packets and
 * its old rooms back BEFORE any middleware runs, so a revoked token would still receive them. A device
 * catches up by replaying from PostgreSQL by cursor after a fresh, authenticated connection.
 */
// @nestjs/platform-socket.io pins its own copy of socket.io: type the server as Nest's to stay compatible.
type NestIoServer = ReturnType<IoAdapter['createIOServer']>;
type NestIoOptions = NonNullable<Parameters<IoAdapter['createIOServer']>[1]>;

export class AttuneIoAdapter extends IoAdapter {
  private readonly redis: Redis[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
  }

  /**
   * Attune has no @SubscribeMessage handlers (InboundDispatch runs inbound events), yet Nest would still
   * build an RxJS disconnect stream per socket here: with none to bind, nothing is kept per socket.
   */
  override bindMessageHandlers(...args: Parameters<IoAdapter['bindMessageHandlers']>): void {
    if (args[1].length > 0) super.bindMessageHandlers(...args);
  }

  /**
   * Nest would add two closures per socket to route `disconnect` to the gateway; the gateway listens
   * itself, with one listener shared by all sockets (RealtimeGateway.handleConnection).
   */
  override bindClientDisconnect(): void {}

  override createIOServer(port: number, options?: NestIoOptions): NestIoServer {
    const allowed = new Set([...this.config.corsOrigins, new URL(this.config.publicUrl).origin]);
    const base: Partial<NestIoOptions> = { ...options };
    delete base.connectionStateRecovery; // off, whatever a decorator asked for: see above
    const server = super.createIOServer(port, {
      ...base,
      serveClient: false,
      cors: { origin: [...allowed] },
      // Browsers always send Origin on a cross-site request; one from a site not on the list is refused
      // before the handshake. Native apps and servers send none.
      allowRequest: (request: IncomingMessage, callback: (error: string | null | undefined, ok: boolean) => void) => {
        const origin = request.headers.origin;
        callback(null, origin === undefined || allowed.has(origin));
      },
    } as NestIoOptions);
    const pub = connectRedis(this.config.redis.url, 'attune-socket-pub');
    const sub = connectRedis(this.config.redis.url, 'attune-socket-sub');
    this.redis.push(pub, sub);
    server.adapter(createAdapter(pub, sub, { key: socketIoKey(this.config.redisPrefix) }) as unknown as NestIoOptions['adapter']);
    return server;
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    await Promise.all(this.redis.splice(0).map((client) => closeRedis(client)));
  }
}
