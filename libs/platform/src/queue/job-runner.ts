import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Worker, type Job } from 'bullmq';
import { AppConfig } from '../config/app-config.js';
import { redactAddresses } from '../logging/redact-addresses.js';
import { bullConnection } from '../redis/redis.js';
import { JOB_HANDLER, type JobHandler } from './job-handler.js';
import { Jobs, QUEUE_NAMES, type JobName } from './jobs.js';

/**
 * The consumer side: one BullMQ worker per queue, dispatching by job name to the @HandlesJob provider.
 * Boot fails unless every job in the map has exactly one handler.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('jobs');
  private readonly workers: Worker[] = [];
  private handlers = new Map<JobName, JobHandler>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.handlers = collectHandlers(this.discovery);
    for (const queue of QUEUE_NAMES) {
      // BullMQ does not close a connection it was given; we pass options so it owns (and closes) its own.
      const worker = new Worker(queue, (job: Job) => this.dispatch(job), {
        connection: bullConnection(this.config.redis.url, `attune-worker-${queue}`),
        prefix: this.config.redisPrefix,
        concurrency: this.config.workerConcurrency,
        lockDuration: this.config.workerJobLockMs,
        stalledInterval: this.config.workerJobLockMs,
      });
      worker.on('failed', (job, error) =>
        this.log.warn({ job: job?.name, jobId: job?.id, error: redactAddresses(error.message) }, 'job failed'),
      );
      worker.on('error', (error) => this.log.error({ error: redactAddresses(error.message) }, 'worker error'));
      this.workers.push(worker);
    }
    this.log.log(`job workers running for queues: ${QUEUE_NAMES.join(', ')}`);
  }

  private async dispatch(job: Job): Promise<void> {
    const handler = this.handlers.get(job.name as JobName);
    if (!handler) throw new Error(`no handler for job ${job.name}`);
    try {
      await handler.handle(job.data as never, job as never);
    } catch (error) {
      // BullMQ stores the failed reason in Redis in clear text: no addresses or phone numbers there.
      // The original (with addresses) is deliberately not attached as `cause`: BullMQ would keep it.
      // eslint-disable-next-line preserve-caught-error
      throw new Error(redactAddresses(error instanceof Error ? error.message : String(error)));
    }
  }

  /** Graceful shutdown: let running jobs finish (worker.close waits for them). */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map(async (w) => w.close()));
  }
}

export function collectHandlers(discovery: DiscoveryService): Map<JobName, JobHandler> {
  const handlers = new Map<JobName, JobHandler>();
  for (const wrapper of discovery.getProviders()) {
    const instance = wrapper.instance as JobHandler | undefined;
    if (!instance || !wrapper.metatype) continue;
    const name = Reflect.getMetadata(JOB_HANDLER, wrapper.metatype) as JobName | undefined;
    if (!name) continue;
    if (handlers.has(name)) throw new Error(`job ${name} has two handlers`);
    handlers.set(name, instance);
  }
  const missing = (Object.keys(Jobs) as JobName[]).filter((name) => !handlers.has(name));
  if (missing.length > 0) throw new Error(`jobs without a handler: ${missing.join(', ')}`);
  return handlers;
}
