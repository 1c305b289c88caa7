import { SetMetadata } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { JobData, JobName } from './jobs.js';

export const JOB_HANDLER = Symbol('attune:job-handler');

/** Marks a provider as the one handler of a job in the typed map; the worker checks there is exactly one. */
export const HandlesJob = (name: JobName) => SetMetadata(JOB_HANDLER, name);

export interface JobHandler<N extends JobName = JobName> {
  handle(data: JobData<N>, job: Job<JobData<N>>): Promise<void>;
}
