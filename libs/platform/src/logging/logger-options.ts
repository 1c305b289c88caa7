import type { Params } from 'nestjs-pino';
import { pino, type DestinationStream } from 'pino';
import { RequestContext } from '../context/request-context.js';

/** Names of fields that may hold client data or secrets. */
const SENSITIVE_FIELDS = [
  'password', 'newPassword', 'code', 'token', 'refreshToken', 'accessToken',
  'email', 'phone', 'preferredName', 'displayName', 'name', 'reason', 'note', 'notes',
  'body', 'text', 'answers', 'to', 'toAddress', 'address',
];

/**
 * Fields that may hold client data, at the top of a logged object (`log.warn({ email })`) or one level
 * down. Logs carry ids, routes and outcomes only; this list is the safety net, and the canary test proves
 * nothing slips past it.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization', 'req.headers.cookie', 'req.body', 'res.body',
  ...SENSITIVE_FIELDS.flatMap((field) => [field, `*.${field}`]),
];

/**
 * Options for nestjs-pino: one root logger for the whole process, and no pino-http middleware. pino-http
 * made a child logger per request with the request serialized and redacted into its bindings (a tenth of
 * the api's CPU under load). The completion line comes from logRequestWhenClosed (request-log.ts) instead,
 * and lines logged inside a request get its id from RequestContext (requestIdMixin).
 */
export function loggerParams(level: string, destination?: DestinationStream): Params {
  return {
    pinoHttp: [
      {
        level,
        redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
        mixin: requestIdMixin,
        // pino-http would otherwise put its req/res serializers on the root logger, and every line's `req`
        // (the id below) would go through them. pino's own `err` serializer stays.
        wrapSerializers: false,
      },
      // Asynchronous stdout: lines written while one write is in flight are coalesced, instead of a
      // blocking write per request (measured: a sixth of the api's CPU under load). Flushed at exit.
      destination ?? pino.destination({ dest: 1, sync: false }),
    ],
    // The middleware is mounted on no route at all (nestjs-pino mounts it on every route by default).
    forRoutes: [],
  };
}

/**
 * Lines logged while serving a request carry its id as `req.id`, where pino-http's child logger put it:
 * the id Fastify gave the request, which problem details and the audit trail carry too.
 * A new object per line: pino merges the line's own fields into it.
 */
function requestIdMixin(): object {
  const id = RequestContext.requestId();
  return id === null ? {} : { req: { id } };
}
