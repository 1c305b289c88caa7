import { EventEmitter } from 'node:events';
import { describe, expect, it } from '@jest/globals';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { loggablePath, logRequestWhenClosed } from './request-log.js';

interface Written {
  fields: object;
  message: string;
}

/** Runs one request through logRequestWhenClosed and returns the lines it wrote when the response closed. */
function closeRequest(response: { headersSent: boolean; statusCode: number; writableEnded: boolean }, readableAborted = false): Written[] {
  const written: Written[] = [];
  const log = { isLevelEnabled: () => true, info: (fields: object, message: string) => written.push({ fields, message }) };
  const raw = Object.assign(new EventEmitter(), response);
  const request = { id: 'req-1', method: 'POST', url: '/api/v1/auth/sign-in?email=a%40b.test', raw: { readableAborted } };
  logRequestWhenClosed(log as unknown as Logger, request as unknown as FastifyRequest, { raw } as unknown as FastifyReply);
  raw.emit('close');
  raw.emit('close'); // once only
  return written;
}

describe('request log line', () => {
  it('says completed, with the path but not the query', () => {
    expect(closeRequest({ headersSent: true, statusCode: 201, writableEnded: true })).toEqual([
      {
        fields: { req: { id: 'req-1', method: 'POST', url: '/api/v1/auth/sign-in' }, res: { statusCode: 201 }, responseTime: expect.any(Number) },
        message: 'request completed',
      },
    ]);
  });

  it('says errored for a 5xx', () => {
    expect(closeRequest({ headersSent: true, statusCode: 503, writableEnded: true })).toEqual([
      expect.objectContaining({ fields: expect.objectContaining({ res: { statusCode: 503 } }), message: 'request errored' }),
    ]);
  });

  it('says aborted, with no status, when the client hung up before the answer', () => {
    expect(closeRequest({ headersSent: false, statusCode: 200, writableEnded: false })).toEqual([
      expect.objectContaining({ fields: expect.objectContaining({ res: { statusCode: null } }), message: 'request aborted' }),
    ]);
    expect(closeRequest({ headersSent: true, statusCode: 400, writableEnded: true }, true)).toEqual([
      expect.objectContaining({ message: 'request aborted' }),
    ]);
  });

  it('leaves out the key of a secret link (join link, calendar feed), and nothing else', () => {
    expect(loggablePath('/j/8fKq2Lr9xZ')).toBe('/j/[redacted]');
    expect(loggablePath('/calendar/abc123def.ics?x=1')).toBe('/calendar/[redacted]');
    expect(loggablePath('/api/v1/clients/6f1c0c4e-0000-4000-8000-000000000000/check-ins')).toBe('/api/v1/clients/6f1c0c4e-0000-4000-8000-000000000000/check-ins');
  });
});
