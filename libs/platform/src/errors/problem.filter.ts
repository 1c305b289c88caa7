import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Problem, type ProblemDetails } from './problem.js';

const TITLES: Record<number, string> = {
  400: 'Bad request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not found', 405: 'Method not allowed',
  409: 'Conflict', 413: 'Content too large', 415: 'Unsupported media type', 422: 'Unprocessable content',
  429: 'Too many requests',
};

/**
 * The one global error filter (ARCHITECTURE rule 7). 4xx → problem details; anything else → 500 with
 * only a correlation id, the full error going to the log (messages from our code carry no client data).
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly log = new Logger('errors');

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const problem = toProblem(error, String(request.id));
    if (problem.status >= 500) this.log.error({ err: error, correlationId: problem.correlationId }, 'unhandled error');
    void reply.status(problem.status).header('content-type', 'application/problem+json').send(problem);
  }
}

export function toProblem(error: unknown, correlationId: string): ProblemDetails {
  const base = (status: number, title: string): ProblemDetails => ({
    type: status >= 500 ? 'about:blank' : `https://attune.dev/problems/${status}`,
    title,
    status,
    correlationId,
  });
  if (error instanceof Problem) {
    return { ...base(error.getStatus(), error.title), detail: error.detail, ...(error.errors ? { errors: error.errors } : {}) };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    // Nest wraps Fastify's body-parser errors: keep the message ours (it could quote the body).
    const cause = (error as { cause?: { statusCode?: number } }).cause ?? error;
    if (status === 400 && isBodyParseError(cause, error)) return { ...base(400, TITLES[400]), detail: 'body: not valid JSON' };
    if (status < 500) return { ...base(status, TITLES[status] ?? 'Error'), detail: error.message };
    // Readiness (terminus) answers 503 with which dependency is down: kept as extension members (RFC 9457 §3.2).
    if (status === 503) {
      const response = error.getResponse();
      return { ...(typeof response === 'object' ? response : {}), ...base(503, 'Service unavailable'), detail: 'a dependency does not answer' };
    }
  }
  // A unique index caught a race the service's own check missed (two sign-ups with one email at once).
  const driverError = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
  if (driverError?.code === '23505') {
    const field = uniqueField(driverError.constraint);
    return { ...base(409, 'Conflict'), detail: `${field}: already exists`, errors: [{ field, message: 'already exists' }] };
  }
  // Fastify's own errors: malformed JSON (400), body too large (413), wrong content type (415).
  const statusCode = (error as { statusCode?: number }).statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return { ...base(statusCode, TITLES[statusCode] ?? 'Error'), detail: fastifyDetail(error as Error, statusCode) };
  }
  return { ...base(500, 'Internal server error'), detail: 'Something went wrong; quote the correlation id.' };
}

function fastifyDetail(error: Error, status: number): string {
  if (status === 413) return 'body: larger than the 1 MB limit';
  if (status === 400 && /JSON/i.test(error.message)) return 'body: not valid JSON';
  return error.message;
}

/** `user_account_email_key` → `email`: constraints are named <table>_<column>_key by convention here. */
function uniqueField(constraint = ''): string {
  const match = /^(?:[a-z]+_)*?([a-z]+)_key$/.exec(constraint);
  return match?.[1] ?? 'resource';
}

function isBodyParseError(cause: unknown, error: Error): boolean {
  const code = (cause as { code?: string }).code ?? '';
  return code.startsWith('FST_ERR_CTP') || /JSON|Unexpected token|Unexpected end/i.test(error.message);
}
