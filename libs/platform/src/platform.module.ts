import { type DynamicModule, Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { Clock, SystemClock } from './clock/clock.js';
import { AppConfig } from './config/app-config.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { loggerParams } from './logging/logger-options.js';
import { DomainEvents } from './events/domain-events.js';
import { JobQueue } from './queue/job-queue.js';
import { RedisConnection } from './redis/redis.js';
import { Realtime } from './realtime/realtime-emitter.js';

export interface PlatformOptions {
  config: AppConfig;
  /** Tests pass a FixedClock; everything else gets the system clock. */
  clock?: Clock;
  /** Tests capture the log here (the canary test reads it). */
  logDestination?: DestinationStream;
}

/** Configuration, clock, logging, PostgreSQL, Redis and the job producer: what every process needs. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    const { config } = options;
    return {
      module: PlatformModule,
      imports: [
        DiscoveryModule,
        LoggerModule.forRoot(loggerParams(config.logLevel, options.logDestination)),
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...dataSourceOptions(config), autoLoadEntities: true }),
        }),
      ],
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        RedisConnection,
        JobQueue,
        DomainEvents,
        Realtime,
      ],
      exports: [AppConfig, Clock, RedisConnection, JobQueue, DomainEvents, Realtime, DiscoveryModule],
    };
  }
}
