import { Foundation1763780000000 } from './1763780000000-foundation.js';
import { Scheduling1763790000000 } from './1763790000000-scheduling.js';
import { Reminders1763790000001 } from './1763790000001-reminders.js';
import { Measures1763790000002 } from './1763790000002-measures.js';
import { Curriculum1763790000003 } from './1763790000003-curriculum.js';
import { Consent1763790000004 } from './1763790000004-consent.js';
import { Network1763790000005 } from './1763790000005-network.js';
import { Messaging1763790000006 } from './1763790000006-messaging.js';
import { CheckIns1763790000007 } from './1763790000007-checkins.js';
import { Invitations1763790000008 } from './1763790000008-invitations.js';
import { Referrals1763790000009 } from './1763790000009-referrals.js';

/** Every migration, in timestamp order. A new migration is appended here and never edited after it lands. */
export const MIGRATIONS = [
  Foundation1763780000000,
  Scheduling1763790000000,
  Reminders1763790000001,
  Measures1763790000002,
  Curriculum1763790000003,
  Consent1763790000004,
  Network1763790000005,
  Messaging1763790000006,
  CheckIns1763790000007,
  Invitations1763790000008,
  Referrals1763790000009,
];
