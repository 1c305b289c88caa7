import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { pino, type LoggerOptions } from 'pino';
import { loggerParams } from './logger-options.js';

/** The options Attune's root logger is built with, writing to memory. */
function memoryLogger(): { log: pino.Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (chunks.push(chunk.toString()), done()) });
  const [options] = loggerParams('info', sink).pinoHttp as [LoggerOptions, unknown];
  const log = pino(options, sink);
  return { log, lines: () => chunks.join('').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('log redaction', () => {
  it('censors client data at the top of a logged object and one level down', () => {
    const { log, lines } = memoryLogger();
    log.warn({ email: 'sam@example.test', messageId: 'm-1', message: { phone: '+15550001234', to: 'sam@example.test' } }, 'send failed');
    const [line] = lines();
    expect(line).toMatchObject({ email: '[redacted]', messageId: 'm-1', message: { phone: '[redacted]', to: '[redacted]' }, msg: 'send failed' });
    expect(JSON.stringify(line)).not.toMatch(/sam@example|5550001234/);
  });
});
