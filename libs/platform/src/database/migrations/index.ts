import { Foundation1763780000000 } from './1763780000000-foundation.js';
import { Scheduling1763790000000 } from './1763790000000-scheduling.js';
import { Reminders1763790000001 } from './1763790000001-reminders.js';
import { Measures1763790000002 } from './1763790000002-measures.js';
import { CheckIns1763790000007 } from './1763790000007-checkins.js';

/** Every migration, in order. A new migration is appended here and never edited after it lands. */
export const MIGRATIONS = [Foundation1763780000000, Scheduling1763790000000, Reminders1763790000001, Measures1763790000002, CheckIns1763790000007];
