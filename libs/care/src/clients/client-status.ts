import type { ClientStatus } from '../entities/client.entity.js';

/**
 * Where a client's year can go next. Recovery is not a straight line, so the table allows the moves
 * programmes make: a client in aftercare who lapses is stepped back up to active; a client can leave
 * (discharged) from any stage; and a discharged client who returns is readmitted through intake on the
 * same record (their phone and email stay unique, so a second record could not be registered anyway).
 * Skipping a stage forward (intake → aftercare) is refused: aftercare follows active treatment.
 */
export const STATUS_TRANSITIONS: Record<ClientStatus, readonly ClientStatus[]> = {
  intake: ['active', 'discharged'],
  active: ['aftercare', 'discharged'],
  aftercare: ['active', 'discharged'],
  discharged: ['intake'],
};

/** Staying put is allowed so a repeated PATCH is harmless. */
export function canMove(from: ClientStatus, to: ClientStatus): boolean {
  return from === to || STATUS_TRANSITIONS[from].includes(to);
}

/** Registration may bring in a client already in treatment elsewhere in the programme, never a discharged one. */
export const REGISTRATION_STATUSES: readonly ClientStatus[] = ['intake', 'active', 'aftercare'];
