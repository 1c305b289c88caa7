import { Rooms, type AfterCommit, type Realtime } from '@attune/platform';

/** After-commit work that only emits (an emit is fire-and-forget through Redis). */
export const emitting = (emit: () => void): AfterCommit => () => {
  emit();
  return Promise.resolve();
};

/** After commit: the team's screens drop a closed outreach task. */
export const outreachClosedEmit = (realtime: Realtime, taskId: string, clientId: string): AfterCommit =>
  emitting(() => realtime.to(Rooms.careTeam(clientId)).emit('outreach.updated', { taskId, clientId, status: 'done' }));
