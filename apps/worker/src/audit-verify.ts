import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { describeVerification, verifyAuditChain } from '@attune/care';
import { ConfigError, bootConfig, dataSourceOptions } from '@attune/platform';

/**
 * `npm run audit:verify`: recomputes the audit hash chain against the configured database (the same
 * variables as the worker, AUDIT_HMAC_KEY included). Exit 0: intact; 1: not intact, with a report naming
 * seals and event ids (never event contents); 2: could not verify; 78: bad configuration.
 * With embedded PGlite (no PostgreSQL configured), stop Attune first: PGlite allows one process.
 */
const log = new Logger('audit:verify');

async function main(): Promise<number> {
  try {
    const { config, stopInfrastructure } = await bootConfig();
    // Verification only reads: it must not run migrations against the database it is checking.
    const db = new DataSource({ ...dataSourceOptions(config), migrationsRun: false });
    try {
      await db.initialize();
      const result = await verifyAuditChain(db, config.auditHmacKey);
      console.log(describeVerification(result));
      return result.intact ? 0 : 1;
    } finally {
      if (db.isInitialized) await db.destroy();
      await stopInfrastructure();
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      log.error(error.message);
      return 78; // EX_CONFIG, as at start
    }
    log.error(`could not verify: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}

process.exitCode = await main();
