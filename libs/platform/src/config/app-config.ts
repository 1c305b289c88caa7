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

export interface ReminderSettings {
  /** Seconds: reminders due within it have a delayed job. */
  horizonSeconds: number;
  reconcileIntervalMs: number;
  /** Seconds past due after which a scheduled reminder's job is presumed lost. */
  overdueGraceSeconds: number;
  /** Days of daily prompts planned ahead. */
  planDays: number;
}

export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = { horizonSeconds: 24 * 3600, reconcileIntervalMs: 60_000, overdueGraceSeconds: 30, planDays: 14 };

/** Where video visits meet (scheduling). Secrets stay here; nothing else reads them from the environment. */
export interface MeetingSettings {
  provider: 'none' | 'jitsi' | 'jaas' | 'static';
  /** Self-hosted Jitsi Meet: its domain, and the app id/secret of its Prosody token auth (HS256). */
  jitsi?: { domain: string; appId?: string; appSecret?: string };
  /** 8x8 JaaS: the tenant (vpaas-magic-cookie-…), the key id and the PEM private key (RS256). */
  jaas?: { appId: string; keyId: string; privateKey: string };
  /** A programme's own video service: the one link every visit uses. */
  staticUrl?: string;
  /** Minutes before the start the join page opens. */
  joinOpensMinutes: number;
  /** Shown to audio-only and phone visits when set. */
  dialIn?: { number: string; pin?: string };
}

export const DEFAULT_MEETING_SETTINGS: MeetingSettings = { provider: 'none', joinOpensMinutes: 15 };

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
    readonly reminders: ReminderSettings = DEFAULT_REMINDER_SETTINGS,
    readonly meetings: MeetingSettings = DEFAULT_MEETING_SETTINGS,
    /** BullMQ lockDuration and stalledInterval (ms): how soon a dead worker's jobs run elsewhere. */
    readonly workerJobLockMs = 30_000,
    /** bull-board for admins at /admin/queues. */
    readonly queueDashboard = true,
  ) {}

  get embedded(): boolean {
    return this.database.source === 'embedded-pglite';
  }

  get outboxDir(): string {
    return outboxDirFor(this.dataDir);
  }
}
