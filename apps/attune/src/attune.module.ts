import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, type PlatformOptions } from '@attune/platform';
import { ApiModule } from '../../api/src/api.module.js';
import { WorkerModule } from '../../worker/src/worker.module.js';

export interface AttuneOptions extends PlatformOptions {
  api: boolean;
  worker: boolean;
}

/**
 * The root module of any Attune process: the platform plus the api, the worker, or both. Both in one
 * process is the one-command start (and embedded PGlite's only safe shape: ONE data source).
 */
@Module({})
export class AttuneModule {
  static forRoot(options: AttuneOptions): DynamicModule {
    return {
      module: AttuneModule,
      imports: [PlatformModule.forRoot(options), ...(options.api ? [ApiModule] : []), ...(options.worker ? [WorkerModule] : [])],
    };
  }
}
