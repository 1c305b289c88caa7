import { join, resolve } from 'node:path';

/** Where emails and texts go when no SMTP server or SMS API is configured (read with `npm run outbox`). */
export const outboxDirFor = (dataDir: string): string => join(resolve(dataDir), 'outbox');

/** Where Attune's PostgreSQL comes from, decided once at boot (see infrastructure/). */
export interface DatabaseTarget {
  url: string;
  poolMax: number;
  source: 'configured' | 'local-server' | 'embedded-pglite';
}

export interface RedisTarget {
  url: string;
  source: 'configured' | 'local-server' | 'spawned';
}

export interface Durations {
  accessTokenTtl: number;
  refreshTokenTtl: number;
  signInCodeTtl: number;
  passwordResetTtl: number;
  invitationTtl: number;
  breakGlassMax: number;
  signInFailureWindow: number;
  auditSealInterval: number;
  /** Milliseconds, unlike the rest: the first retry delay of a message (BullMQ exponential backoff). */
  messageRetryBaseMs: number;
}

/** The validated configuration. Injected everywhere as AppConfig; all durations in seconds. */
export class AppConfig {
  constructor(
    readonly env: 'development' | 'production' | 'test',
    readonly port: number,
    readonly host: string,
    readonly publicUrl: string,
    readonly logLevel: string,
    readonly dataDir: string,
    readonly database: DatabaseTarget,
    readonly redis: RedisTarget,
    readonly redisPrefix: string,
    readonly jwtSecret: string,
    readonly auditHmacKey: string,
    readonly durations: Durations,
    readonly signInMaxFailures: number,
    readonly workerConcurrency: number,
    readonly mail: { smtpUrl?: string; from: string },
    readonly sms: { apiUrl?: string; accountSid?: string; authToken?: string; from?: string },
    readonly demoSeed: boolean,
    readonly corsOrigins: string[],
    readonly trustProxy: string | false,
    readonly apiDocsUi: boolean,
  ) {}

  get embedded(): boolean {
    return this.database.source === 'embedded-pglite';
  }

  get outboxDir(): string {
    return outboxDirFor(this.dataDir);
  }
}
