import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ConfigError } from './config-error.js';
import { Environment } from './environment.js';

/** Parses and validates the process environment (or a given one, in tests) into an Environment. */
export function readEnvironment(source: NodeJS.ProcessEnv = process.env): Environment {
  // An empty variable means "not set", as in most shells' `FOO= cmd`.
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const env = plainToInstance(Environment, present, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(env, { whitelist: true });
  if (errors.length > 0) {
    const first = errors[0];
    const reason = Object.values(first.constraints ?? { invalid: 'is invalid' })[0];
    throw new ConfigError(first.property, `is invalid: ${reason}`);
  }
  if (env.NODE_ENV === 'production') {
    for (const required of ['JWT_SECRET', 'AUDIT_HMAC_KEY', 'DATABASE_URL', 'REDIS_URL'] as const) {
      if (!env[required]) throw new ConfigError(required, 'is required when NODE_ENV=production');
    }
  }
  return env;
}
