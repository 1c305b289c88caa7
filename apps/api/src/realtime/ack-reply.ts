import { HttpException, Logger } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { Problem } from '@attune/platform';

export type AckReply = { ok: true; data: unknown } | { ok: false; status: number; error: string; fields?: string[] };

const log = new Logger('realtime');

/** A validation failure as an acknowledgement: 422 naming every field, like an HTTP body. */
export function invalidPayload(errors: ValidationError[]): AckReply {
  const fields = flatten(errors);
  return { ok: false, status: 422, error: fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields: [...new Set(fields.map((f) => f.field))] };
}

/** An error thrown by a use case as an acknowledgement; anything unexpected is logged (no payload) as a 500. */
export function failure(error: unknown, event: string): AckReply {
  if (error instanceof Problem) return { ok: false, status: error.getStatus(), error: error.detail ?? error.title, fields: error.errors?.map((e) => e.field) };
  if (error instanceof HttpException) return { ok: false, status: error.getStatus(), error: error.message };
  log.error({ event, error: error instanceof Error ? error.stack : String(error) }, 'socket event failed');
  return { ok: false, status: 500, error: 'internal error' };
}

function flatten(errors: ValidationError[], parent = ''): { field: string; message: string }[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message: message.replace(/^property /, '') }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}
