import pg from 'pg';
import type { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { MIGRATIONS } from './migrations/index.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

// A `date` is a calendar day, not an instant: pg would turn it into a Date at local midnight of the
// process TZ. Keep it as the text PostgreSQL sends (YYYY-MM-DD).
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);
// bigint ids (audit) stay strings: they can exceed 2^53.

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type EntityList = MixedList<Function | string | EntitySchema>;

/** One place that says how Attune talks to PostgreSQL; used by the app, the migration runner and tests. */
export function dataSourceOptions(config: Pick<AppConfig, 'database'>, entities: EntityList = []): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.database.url,
    entities,
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    logging: false,
    extra: {
      max: config.database.poolMax,
      // With one embedded connection, a query outside the open transaction would wait forever: fail loudly.
      connectionTimeoutMillis: 10_000,
      application_name: 'attune',
    },
  };
}
