import { describe, expect, it } from '@jest/globals';
import { CLIENT_STATUSES, type ClientStatus } from '../entities/client.entity.js';
import { canMove, STATUS_TRANSITIONS } from './client-status.js';

describe('client status transitions', () => {
  it.each<[ClientStatus, ClientStatus]>([
    ['intake', 'active'],
    ['active', 'aftercare'],
    ['aftercare', 'discharged'],
    ['aftercare', 'active'],
    ['active', 'discharged'],
    ['intake', 'discharged'],
    ['discharged', 'intake'],
  ])('allows %s → %s', (from, to) => {
    expect(canMove(from, to)).toBe(true);
  });

  it.each<[ClientStatus, ClientStatus]>([
    ['intake', 'aftercare'],
    ['discharged', 'active'],
    ['discharged', 'aftercare'],
    ['active', 'intake'],
    ['aftercare', 'intake'],
  ])('refuses %s → %s', (from, to) => {
    expect(canMove(from, to)).toBe(false);
  });

  it('treats staying put as a no-op and names every status', () => {
    for (const status of CLIENT_STATUSES) expect(canMove(status, status)).toBe(true);
    expect(Object.keys(STATUS_TRANSITIONS).sort()).toEqual([...CLIENT_STATUSES].sort());
  });
});
