import 'reflect-metadata';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Max, Min, MinLength } from 'class-validator';

// Implicit conversion would already have turned "false" into true: read the raw string from `obj`.
const toBool = ({ obj, key }: { obj: Record<string, unknown>; key: string }) => {
  const raw = obj[key];
  return typeof raw === 'string' ? ['1', 'true', 'yes', 'on'].includes(raw.toLowerCase()) : raw;
};

/**
 * Every environment variable Attune reads, validated once at boot. Durations are seconds so tests and
 * demos can shrink them. Nothing outside libs/platform/config reads process.env.
 */
export class Environment {
  @IsIn(['development', 'production', 'test']) NODE_ENV: 'development' | 'production' | 'test' = 'development';
  @IsInt() @Min(0) @Max(65535) PORT: number = 3000;
  @IsString() HOST: string = '0.0.0.0';
  /** The address people reach Attune at (links in emails and texts). Defaults to http://localhost:PORT. */
  @IsOptional() @IsUrl({ require_tld: false }) PUBLIC_URL?: string;
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL: string = 'info';
  @IsString() DATA_DIR: string = './data';

  @IsOptional() @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false }) DATABASE_URL?: string;
  /** Use embedded PGlite even when a PostgreSQL answers on 127.0.0.1:5432 (try Attune without touching it). */
  @IsOptional() @Transform(toBool) @IsBoolean() EMBEDDED_POSTGRES?: boolean;
  @IsInt() @Min(1) @Max(200) DATABASE_POOL_MAX: number = 10;
  @IsOptional() @IsUrl({ protocols: ['redis', 'rediss'], require_tld: false }) REDIS_URL?: string;
  /** Start the machine's redis-server even when one answers on 127.0.0.1:6379. */
  @IsOptional() @Transform(toBool) @IsBoolean() SPAWN_REDIS?: boolean;
  /** Every Redis key (queues, rate limits) starts with this, so tests and tenants of one Redis never meet. */
  @IsString() @MinLength(1) REDIS_PREFIX: string = 'attune';

  /** HS256 key for access tokens. Required in production; generated into DATA_DIR otherwise. */
  @IsOptional() @IsString() @MinLength(32) JWT_SECRET?: string;
  /** HMAC key of the audit hash chain. Kept out of the database on purpose. */
  @IsOptional() @IsString() @MinLength(32) AUDIT_HMAC_KEY?: string;

  @IsInt() @Min(1) ACCESS_TOKEN_TTL_SECONDS: number = 900;
  @IsInt() @Min(1) REFRESH_TOKEN_TTL_SECONDS: number = 30 * 24 * 3600;
  @IsInt() @Min(1) SIGN_IN_CODE_TTL_SECONDS: number = 600;
  @IsInt() @Min(1) PASSWORD_RESET_TTL_SECONDS: number = 3600;
  @IsInt() @Min(1) INVITATION_TTL_SECONDS: number = 7 * 24 * 3600;
  @IsInt() @Min(1) @Max(3600) BREAK_GLASS_MAX_SECONDS: number = 3600;
  @IsInt() @Min(1) SIGN_IN_FAILURE_WINDOW_SECONDS: number = 900;
  @IsInt() @Min(1) SIGN_IN_MAX_FAILURES: number = 10;
  @IsInt() @Min(1) AUDIT_SEAL_INTERVAL_SECONDS: number = 60;
  /** First retry delay of an email or text after a transient failure; doubles on each retry (5 attempts). */
  @IsInt() @Min(1) MESSAGE_RETRY_BASE_MS: number = 1000;
  @IsInt() @Min(1) @Max(500) WORKER_CONCURRENCY: number = 10;
  /** Reminders due within this many seconds have a delayed job in Redis; later ones get one as they come near. */
  @IsInt() @Min(60) REMINDER_HORIZON_SECONDS: number = 24 * 3600;
  /** How often the worker's reminder reconciler runs (milliseconds; at boot too). */
  @IsInt() @Min(10) REMINDER_RECONCILE_INTERVAL_MS: number = 60_000;
  /** A scheduled reminder this many seconds past due has lost its job: the reconciler enqueues it again. */
  @IsInt() @Min(1) REMINDER_OVERDUE_GRACE_SECONDS: number = 30;
  /** Days of daily prompts (check-ins, medication) planned ahead; extended daily. */
  @IsInt() @Min(1) @Max(90) REMINDER_PLAN_DAYS: number = 14;
  /**
   * How long a worker's claim on a running job lasts without renewal, in milliseconds; a worker that died
   * is noticed after about this long and its jobs run elsewhere (BullMQ lockDuration and stalledInterval).
   */
  @IsInt() @Min(500) WORKER_JOB_LOCK_MS: number = 30_000;
  /** Serve the queue dashboard (bull-board) to admins at /admin/queues. */
  @Transform(toBool) @IsBoolean() QUEUE_DASHBOARD: boolean = true;

  /** Where video visits meet: none, jitsi (self-hosted; meet.jit.si only in demo mode), jaas (8x8) or static. */
  @IsIn(['none', 'jitsi', 'jaas', 'static']) MEETING_PROVIDER: 'none' | 'jitsi' | 'jaas' | 'static' = 'none';
  @IsOptional() @IsString() JITSI_DOMAIN?: string;
  /** The app id and secret of the Jitsi server's Prosody token authentication (HS256). */
  @IsOptional() @IsString() JITSI_APP_ID?: string;
  @IsOptional() @IsString() @MinLength(32) JITSI_APP_SECRET?: string;
  @IsOptional() @IsString() JAAS_APP_ID?: string;
  @IsOptional() @IsString() JAAS_KEY_ID?: string;
  /** PEM (PKCS#8) RS256 private key of the JaaS API key; \n escapes are accepted. */
  @IsOptional() @IsString() JAAS_PRIVATE_KEY?: string;
  @IsOptional() @IsUrl({ protocols: ['https', 'http'], require_tld: false }) STATIC_MEETING_URL?: string;
  /** Minutes before a visit starts that its join page offers the Join button. */
  @IsInt() @Min(0) @Max(120) JOIN_OPENS_MINUTES: number = 15;
  @IsOptional() @IsString() DIAL_IN_NUMBER?: string;
  @IsOptional() @IsString() DIAL_IN_PIN?: string;

  @IsOptional() @IsUrl({ protocols: ['smtp', 'smtps'], require_tld: false }) SMTP_URL?: string;
  @IsString() MAIL_FROM: string = 'Attune <no-reply@attune.local>';
  @IsOptional() @IsUrl({ require_tld: false }) SMS_API_URL?: string;
  @IsOptional() @IsString() SMS_ACCOUNT_SID?: string;
  @IsOptional() @IsString() SMS_AUTH_TOKEN?: string;
  @IsOptional() @IsString() SMS_FROM?: string;

  @IsOptional() @Transform(toBool) @IsBoolean() DEMO_SEED?: boolean;
  /**
   * Which proxies' X-Forwarded-For to believe for the client address (rate limits per IP): `loopback`
   * (default: a proxy on this machine, and tests), a comma-separated list of addresses/CIDRs, or `false`.
   */
  @IsString() TRUST_PROXY: string = 'loopback';
  /** Serve the Swagger UI at /api/docs (the OpenAPI JSON at /api/docs-json is always served). */
  @Transform(toBool) @IsBoolean() API_DOCS_UI: boolean = true;
  /** A comma-separated list of origins allowed to call the API from a browser. */
  @IsOptional() @IsString() CORS_ORIGINS?: string;
}
