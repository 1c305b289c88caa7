import { resolve } from 'node:path';
import { AppConfig, DatabaseTarget, RedisTarget, type MeetingSettings } from './app-config.js';
import { ConfigError } from './config-error.js';
import { Environment } from './environment.js';
import { localSecrets } from './local-secrets.js';

/** Combines the validated environment with the data stores chosen at boot into the one AppConfig. */
export function buildConfig(env: Environment, database: DatabaseTarget, redis: RedisTarget): AppConfig {
  requireCompleteSms(env);
  const needsLocal = !env.JWT_SECRET || !env.AUDIT_HMAC_KEY;
  const local = needsLocal ? localSecrets(resolve(env.DATA_DIR)) : undefined;
  return new AppConfig(
    env.NODE_ENV,
    env.PORT,
    env.HOST,
    (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
    env.LOG_LEVEL,
    resolve(env.DATA_DIR),
    database,
    redis,
    env.REDIS_PREFIX,
    env.JWT_SECRET ?? local!.jwtSecret,
    env.AUDIT_HMAC_KEY ?? local!.auditHmacKey,
    {
      accessTokenTtl: env.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtl: env.REFRESH_TOKEN_TTL_SECONDS,
      signInCodeTtl: env.SIGN_IN_CODE_TTL_SECONDS,
      passwordResetTtl: env.PASSWORD_RESET_TTL_SECONDS,
      invitationTtl: env.INVITATION_TTL_SECONDS,
      breakGlassMax: env.BREAK_GLASS_MAX_SECONDS,
      signInFailureWindow: env.SIGN_IN_FAILURE_WINDOW_SECONDS,
      auditSealInterval: env.AUDIT_SEAL_INTERVAL_SECONDS,
      messageRetryBaseMs: env.MESSAGE_RETRY_BASE_MS,
    },
    env.SIGN_IN_MAX_FAILURES,
    env.WORKER_CONCURRENCY,
    { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM },
    { apiUrl: env.SMS_API_URL, accountSid: env.SMS_ACCOUNT_SID, authToken: env.SMS_AUTH_TOKEN, from: env.SMS_FROM },
    env.DEMO_SEED ?? env.NODE_ENV === 'development',
    (env.CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
    env.TRUST_PROXY === 'false' ? false : env.TRUST_PROXY,
    env.API_DOCS_UI,
    {
      horizonSeconds: env.REMINDER_HORIZON_SECONDS,
      reconcileIntervalMs: env.REMINDER_RECONCILE_INTERVAL_MS,
      overdueGraceSeconds: env.REMINDER_OVERDUE_GRACE_SECONDS,
      planDays: env.REMINDER_PLAN_DAYS,
    },
    meetingSettings(env),
    env.WORKER_JOB_LOCK_MS,
    env.QUEUE_DASHBOARD,
  );
}

const PUBLIC_JITSI = 'meet.jit.si';

/**
 * The meeting provider's settings, refused at boot when incomplete. The public meet.jit.si needs a
 * signed-in moderator and is no place for health data: only demo mode (DEMO_SEED) may use it.
 */
function meetingSettings(env: Environment): MeetingSettings {
  const common = {
    joinOpensMinutes: env.JOIN_OPENS_MINUTES,
    dialIn: env.DIAL_IN_NUMBER ? { number: env.DIAL_IN_NUMBER, pin: env.DIAL_IN_PIN } : undefined,
  };
  switch (env.MEETING_PROVIDER) {
    case 'none':
      return { provider: 'none', ...common };
    case 'static':
      if (!env.STATIC_MEETING_URL) throw new ConfigError('STATIC_MEETING_URL', 'is required when MEETING_PROVIDER is static');
      return { provider: 'static', staticUrl: env.STATIC_MEETING_URL, ...common };
    case 'jitsi': {
      const domain = (env.JITSI_DOMAIN ?? '').toLowerCase();
      if (!domain) throw new ConfigError('JITSI_DOMAIN', 'is required when MEETING_PROVIDER is jitsi');
      if (domain === PUBLIC_JITSI) {
        if (!(env.DEMO_SEED ?? env.NODE_ENV === 'development')) throw new ConfigError('JITSI_DOMAIN', 'meet.jit.si is allowed only in demo mode (DEMO_SEED=true)');
        return { provider: 'jitsi', jitsi: { domain }, ...common };
      }
      if (!env.JITSI_APP_ID) throw new ConfigError('JITSI_APP_ID', 'is required for a self-hosted Jitsi (token authentication)');
      if (!env.JITSI_APP_SECRET) throw new ConfigError('JITSI_APP_SECRET', 'is required for a self-hosted Jitsi (token authentication)');
      return { provider: 'jitsi', jitsi: { domain, appId: env.JITSI_APP_ID, appSecret: env.JITSI_APP_SECRET }, ...common };
    }
    case 'jaas':
      if (!env.JAAS_APP_ID) throw new ConfigError('JAAS_APP_ID', 'is required when MEETING_PROVIDER is jaas');
      if (!env.JAAS_KEY_ID) throw new ConfigError('JAAS_KEY_ID', 'is required when MEETING_PROVIDER is jaas');
      if (!env.JAAS_PRIVATE_KEY) throw new ConfigError('JAAS_PRIVATE_KEY', 'is required when MEETING_PROVIDER is jaas');
      return { provider: 'jaas', jaas: { appId: env.JAAS_APP_ID, keyId: env.JAAS_KEY_ID, privateKey: env.JAAS_PRIVATE_KEY.replace(/\\n/g, '\n') }, ...common };
  }
}

/** Half an SMS set-up would silently divert texts (sign-in codes) to the local outbox: refuse it instead. */
function requireCompleteSms(env: Environment): void {
  const sms = ['SMS_API_URL', 'SMS_ACCOUNT_SID', 'SMS_AUTH_TOKEN', 'SMS_FROM'] as const;
  const missing = sms.filter((name) => !env[name]);
  if (missing.length > 0 && missing.length < sms.length) {
    throw new ConfigError(missing[0], `is required when ${sms.filter((name) => env[name]).join(', ')} is set`);
  }
}
