import type { VisitStatus } from './visit.js';

/**
 * The visit lifecycle: scheduled → confirmed → in_progress → completed, or cancelled / no_show.
 * A visit that already happened may go straight to completed (late documentation). Moves are
 * allowed only while nothing has happened yet (scheduled or confirmed).
 */
const NEXT: Record<VisitStatus, readonly VisitStatus[]> = {
  scheduled: ['confirmed', 'in_progress', 'completed', 'cancelled', 'no_show'],
  confirmed: ['in_progress', 'completed', 'cancelled', 'no_show'],
  in_progress: ['completed'],
  completed: [],
  cancelled: [],
  no_show: [],
};

export type TransitionRefusal = { field: 'status'; message: string };

/** Why the move is not allowed, or null. `now` decides the moves that need the visit to have started. */
export function refuseTransition(from: VisitStatus, to: VisitStatus, visit: { startsAt: Date }, now: Date): TransitionRefusal | null {
  if (!NEXT[from].includes(to)) return { field: 'status', message: `cannot go from ${from} to ${to}` };
  switch (to) {
    case 'completed':
    case 'no_show':
    case 'in_progress':
      if (now < visit.startsAt && to !== 'in_progress') return { field: 'status', message: `${to} only after the visit has started` };
      return null;
    case 'scheduled':
    case 'confirmed':
    case 'cancelled':
      return null;
  }
}

/** A visit can be moved or cancelled only before anything has happened. */
export const isOpen = (status: VisitStatus) => status === 'scheduled' || status === 'confirmed';
