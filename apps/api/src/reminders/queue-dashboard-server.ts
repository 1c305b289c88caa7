import { NotFoundException } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { type JobQueue, QUEUE_NAMES, toProblem } from '@attune/platform';
import { fastify } from '../common/fastify-package.js';
import { lazySchemaCompilers } from '../common/lazy-schema-compilers.js';

/**
 * bull-board in a Fastify server of its own, started by the dashboard's first request: bull-board with its
 * template and static-file plugins (and the lodash and valibot they bring) was ~3.5 MB of every api node's
 * idle heap, for a page an admin opens now and then. The app's routes under the dashboard's path hand their
 * requests over, unparsed, once the admin check passed (see queue-dashboard.ts).
 */
export class QueueDashboardServer {
  private started: Promise<FastifyInstance> | undefined;
  /** The app's id of each request handed over: the dashboard's server goes on with it. */
  private readonly requestIds = new WeakMap<IncomingMessage, string>();

  constructor(
    private readonly path: string,
    private readonly jobs: JobQueue,
  ) {}

  /** The dashboard answers the request: this reply is hijacked, its headers so far carried over. */
  async handOver(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const server = await this.server();
    for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) reply.raw.setHeader(name, value);
    this.requestIds.set(request.raw, String(request.id));
    reply.hijack();
    server.routing(request.raw, reply.raw);
  }

  async close(): Promise<void> {
    await (await this.started?.catch(() => undefined))?.close();
  }

  /** Started once; a failed start is tried again by the next request. */
  private server(): Promise<FastifyInstance> {
    this.started ??= this.start().catch((error: unknown) => {
      this.started = undefined;
      throw error;
    });
    return this.started;
  }

  private async start(): Promise<FastifyInstance> {
    const [{ createBullBoard }, { BullMQAdapter }, { FastifyAdapter }] = await Promise.all([
      import('@bull-board/api'),
      import('@bull-board/api/bullMQAdapter'),
      import('@bull-board/fastify'),
    ]);
    const serverAdapter = new FastifyAdapter();
    serverAdapter.setBasePath(this.path);
    createBullBoard({ queues: QUEUE_NAMES.map((name) => new BullMQAdapter(this.jobs.queue(name))), serverAdapter });
    const server = fastify({ genReqId: (raw) => this.requestIds.get(raw) ?? '', schemaController: { compilersFactory: lazySchemaCompilers } });
    await server.register(serverAdapter.registerPlugin(), { prefix: this.path });
    // A path the dashboard does not know answers as any unknown path of the app does.
    server.setNotFoundHandler(async (request, reply) => {
      const problem = toProblem(new NotFoundException(`Cannot ${request.method} ${request.url}`), String(request.id));
      await reply.code(404).type('application/problem+json').send(problem);
    });
    await server.ready();
    return server;
  }
}
