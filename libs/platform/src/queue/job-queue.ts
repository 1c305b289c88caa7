import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Queue, type JobsOptions } from 'bullmq';
import { AppConfig } from '../config/app-config.js';
import { closeRedis, connectRedis } from '../redis/redis.js';
import { Jobs, type JobData, type JobName, type QueueName } from './jobs.js';

/** Retries with backoff; finished jobs kept a while for the dashboard, then dropped. */
const JOB_DEFAULTS: JobsOptions = { attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: 1000, removeOnFail: 5000 };

/** The producer side of the typed job map. Used by any process; only the worker consumes. */
@Injectable()
export class JobQueue implements OnModuleDestroy {
  private readonly queues = new Map<QueueName, Queue>();
  private readonly connection;

  constructor(private readonly config: AppConfig) {
    this.connection = connectRedis(config.redis.url, 'attune-producer');
  }

  async enqueue<N extends JobName>(name: N, data: JobData<N>, options: JobsOptions & { jobId: string }): Promise<void> {
    await this.queue(Jobs[name].queue).add(name, data, { ...JOB_DEFAULTS, ...options });
  }

  /** Many jobs of one kind in one round trip (BullMQ's addBulk), with the same defaults as `enqueue`. */
  async enqueueMany<N extends JobName>(name: N, jobs: { data: JobData<N>; options: JobsOptions & { jobId: string } }[]): Promise<void> {
    if (jobs.length === 0) return;
    if (jobs.length === 1) return this.enqueue(name, jobs[0].data, jobs[0].options);
    await this.queue(Jobs[name].queue).addBulk(jobs.map(({ data, options }) => ({ name, data, opts: { ...JOB_DEFAULTS, ...options } })));
  }

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: this.config.redisPrefix });
      queue.on('error', () => undefined); // the shared connection already reports outages (connectRedis)
      this.queues.set(name, queue);
    }
    return queue;
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    await closeRedis(this.connection);
  }
}
