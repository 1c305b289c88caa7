/**
 * Every background job: its queue and its payload type (ARCHITECTURE rule 4). Payloads are ids only —
 * BullMQ keeps them in clear text in Redis. Never rename a key: queued jobs carry the old name.
 */
export const Jobs = {
  deliverMessage: { queue: 'messages', data: {} as { messageId: string } },
  deliverReminder: { queue: 'reminders', data: {} as { reminderId: string; version: number } },
  escalateAlert: { queue: 'alerts', data: {} as { escalationId: string; version: number } },
} as const;

export type JobName = keyof typeof Jobs;
export type JobData<N extends JobName> = (typeof Jobs)[N]['data'];
export type QueueName = (typeof Jobs)[JobName]['queue'];

export const QUEUE_NAMES: QueueName[] = [...new Set(Object.values(Jobs).map((j) => j.queue))];

/** Derived job ids make a repeat a no-op while the job exists. BullMQ refuses ':' in custom ids. */
export function jobId(...parts: (string | number)[]): string {
  return parts.join('-').replace(/:/g, '-');
}
