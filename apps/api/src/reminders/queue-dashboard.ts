import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccessPolicy } from '@attune/care';
import { AccessTokens, SessionCheck } from '@attune/identity';
import { JobQueue, Problem } from '@attune/platform';
import { QueueDashboardServer } from './queue-dashboard-server.js';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';
/** HttpOnly cookie scoped to the dashboard: a browser tab cannot send a bearer header. */
export const QUEUE_DASHBOARD_COOKIE = 'attune_queues';
/** The methods bull-board's pages, assets and API answer. */
const DASHBOARD_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH'];

/**
 * bull-board at /admin/queues, for admins only: every request (page, assets, its JSON API) carries a live
 * admin session's access token, as a bearer header or as the dashboard cookie that
 * POST /api/v1/admin/queue-dashboard/session sets. Job payloads are ids only, so it shows no client data.
 * bull-board itself loads on the first request (QueueDashboardServer); its static-file plugin cannot load
 * inside jest either: spawned-process tests cover it.
 */
export async function mountQueueDashboard(app: NestFastifyApplication): Promise<void> {
  const requireAdmin = adminCheck(app);
  const dashboard = new QueueDashboardServer(QUEUE_DASHBOARD_PATH, app.get(JobQueue));
  const server = app.getHttpAdapter().getInstance();
  server.addHook('onClose', () => dashboard.close());

  await server.register((scope, _options, done) => {
    scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        await requireAdmin(request);
      } catch (error) {
        const problem = error instanceof Problem ? error : Problem.unauthorized();
        const status = problem.getStatus();
        await reply
          .code(status)
          .type('application/problem+json')
          .send({ type: `https://attune.dev/problems/${status}`, title: problem.title, status, detail: problem.detail });
      }
    });
    // A body is the dashboard's to read (its own server parses it): here it stays in the request stream.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _body, parsed) => parsed(null));
    const handOver = (request: FastifyRequest, reply: FastifyReply) => dashboard.handOver(request, reply);
    for (const url of [QUEUE_DASHBOARD_PATH, `${QUEUE_DASHBOARD_PATH}/*`]) scope.route({ method: DASHBOARD_METHODS, url, handler: handOver });
    done();
  });
}

function adminCheck(app: NestFastifyApplication): (request: FastifyRequest) => Promise<void> {
  const tokens = app.get(AccessTokens);
  const sessions = app.get(SessionCheck);
  const policy = app.get(AccessPolicy);
  return async (request) => {
    const token = bearer(request.headers.authorization) ?? cookie(request.headers.cookie, QUEUE_DASHBOARD_COOKIE);
    if (!token) throw Problem.unauthorized('authorization: bearer token or dashboard session required');
    const actor = await tokens.verify(token);
    await sessions.requireLive(actor);
    await policy.requireOrganization(actor, 'organization:manage');
  };
}

function bearer(header: string | undefined): string | undefined {
  const [scheme, token] = (header ?? '').split(' ');
  return scheme?.toLowerCase() === 'bearer' && token ? token : undefined;
}

function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
