import { performance } from 'node:perf_hooks';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';

/**
 * The one line per HTTP request, with the fields, messages and level pino-http's middleware wrote, but
 * without its child logger per request. Written when the response closes: Fastify's onResponse hook misses
 * a request whose client hung up before the answer (its 'finish' never comes), and so does onRequestAbort
 * once the body has been read. Call it from an onRequest hook.
 */
export function logRequestWhenClosed(log: Logger, request: FastifyRequest, reply: FastifyReply): void {
  if (!log.isLevelEnabled('info')) return; // no listener per request when nobody reads the line
  const started = performance.now();
  reply.raw.once('close', () => logRequest(log, request, reply, performance.now() - started));
}

function logRequest(log: Logger, request: FastifyRequest, reply: FastifyReply, milliseconds: number): void {
  const response = reply.raw;
  // As pino-http: no status when none was sent. It also attached a made-up error to a 5xx line ('failed
  // with status code …', with a stack inside pino-http): the error filter logs the real one, same request id.
  const statusCode = response.headersSent ? response.statusCode : null;
  const message =
    statusCode !== null && statusCode >= 500 ? 'request errored'
    : response.writableEnded && !request.raw.readableAborted ? 'request completed'
    : 'request aborted';
  log.info(
    {
      // The path only: a query string may hold an email or phone.
      req: { id: String(request.id), method: request.method, url: loggablePath(request.url) },
      res: { statusCode },
      responseTime: Math.round(milliseconds), // whole milliseconds, as pino-http wrote them
    },
    message,
  );
}

/** Links whose last segment is the key itself (the SMS join link, a calendar feed's secret URL). */
const SECRET_LINK = /^\/(j|calendar)\/[^/]+$/;

/** The path only (a query string may hold an email or phone), with a secret link's key left out. */
export function loggablePath(url: string): string {
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  return SECRET_LINK.test(path) ? `${path.slice(0, path.lastIndexOf('/'))}/[redacted]` : path;
}
