import { Logger } from '@nestjs/common';
import type { AppConfig } from './app-config.js';
import { buildConfig } from './build-config.js';
import { readEnvironment } from './read-environment.js';
import { resolveDatabase } from '../infrastructure/resolve-database.js';
import { resolveRedis } from '../infrastructure/resolve-redis.js';

export interface BootedConfig {
  config: AppConfig;
  /** Stops what boot started (embedded PostgreSQL, a spawned Redis). */
  stopInfrastructure: () => Promise<void>;
}

/** Validates the environment, picks the data stores and says which in the log. Throws ConfigError. */
export async function bootConfig(source: NodeJS.ProcessEnv = process.env): Promise<BootedConfig> {
  const env = readEnvironment(source);
  const database = await resolveDatabase(env);
  const redis = await resolveRedis(env).catch(async (error: unknown) => {
    await database.stop();
    throw error;
  });
  const config = buildConfig(env, database.target, redis.target);
  const log = new Logger('boot');
  log.log(`PostgreSQL: ${describeDatabase(config)}`);
  log.log(`Redis: ${redis.target.source} (${redact(redis.target.url)})`);
  return {
    config,
    stopInfrastructure: async () => {
      await redis.stop();
      await database.stop();
    },
  };
}

function describeDatabase(config: AppConfig): string {
  switch (config.database.source) {
    case 'configured':
      return `DATABASE_URL (${redact(config.database.url)})`;
    case 'local-server':
      return `local server on 127.0.0.1:5432, database "attune"`;
    case 'embedded-pglite':
      return `embedded PGlite in ${config.dataDir}/pglite (one connection; api and worker share this process)`;
  }
}

/** URLs may carry passwords: show scheme, host and path only. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '[unparseable]';
  }
}
