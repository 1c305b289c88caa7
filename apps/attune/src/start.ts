import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';
import { DemoSeed } from '@attune/care';
import { bootConfig, ConfigError } from '@attune/platform';
import { createHttpApplication } from '../../api/src/configure-http.js';
import { AttuneModule } from './attune.module.js';

/** Boots a process: the data stores, then the api (HTTP) and/or the worker. Exits naming a bad variable. */
export async function start(parts: { api: boolean; worker: boolean }): Promise<void> {
  const log = new Logger('boot');
  try {
    const { config, stopInfrastructure } = await bootConfig();
    const root = AttuneModule.forRoot({ config, ...parts });
    const http = parts.api ? await createHttpApplication(root, config) : undefined;
    const app = http ?? (await NestFactory.createApplicationContext(root, { bufferLogs: true }));
    app.useLogger(app.get(PinoLogger));
    // Our own signal handling (not Nest's enableShutdownHooks, which re-raises the signal and exits before
    // the embedded database and spawned Redis are stopped): close the app (its shutdown hooks run), then
    // the infrastructure, then exit 0.
    const stop = async () => {
      // A stuck shutdown (a data store already gone) must not keep the process alive for ever.
      setTimeout(() => process.exit(1), 15_000).unref();
      await app.close();
      await stopInfrastructure();
      process.exit(0);
    };
    process.once('SIGTERM', () => void stop());
    process.once('SIGINT', () => void stop());
    if (http) {
      await http.listen(config.port, config.host);
      log.log(`Attune ${parts.worker ? 'api + worker' : 'api'} listening on ${config.publicUrl} (port ${config.port})`);
    } else {
      await app.init();
      log.log('Attune worker running');
    }
    // A first look at Attune: an empty database gets a demo programme (DEMO_SEED, on in development).
    if (config.demoSeed && parts.api) await app.get(DemoSeed).seedIfEmpty();
  } catch (error) {
    if (error instanceof ConfigError) {
      log.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}
