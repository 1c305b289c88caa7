import { Foundation1763780000000 } from './1763780000000-foundation.js';
import { Scheduling1763790000000 } from './1763790000000-scheduling.js';
import { Reminders1763790000001 } from './1763790000001-reminders.js';
import { Measures1763790000002 } from './1763790000002-measures.js';
import { Messaging1763790000006 } from './1763790000006-messaging.js';

/** Every migration, in order. A new migration is appended here and never edited after it lands. */
export const MIGRATIONS = [Foundation1763780000000, Scheduling1763790000000, Reminders1763790000001, Measures1763790000002, Messaging1763790000006];
