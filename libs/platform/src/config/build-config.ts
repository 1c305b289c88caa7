import { resolve } from 'node:path';
import { AppConfig, DatabaseTarget, RedisTarget } from './app-config.js';
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
  );
}

/** Half an SMS set-up would silently divert texts (sign-in codes) to the local outbox: refuse it instead. */
function requireCompleteSms(env: Environment): void {
  const sms = ['SMS_API_URL', 'SMS_ACCOUNT_SID', 'SMS_AUTH_TOKEN', 'SMS_FROM'] as const;
  const missing = sms.filter((name) => !env[name]);
  if (missing.length > 0 && missing.length < sms.length) {
    throw new ConfigError(missing[0], `is required when ${sms.filter((name) => env[name]).join(', ')} is set`);
  }
}
