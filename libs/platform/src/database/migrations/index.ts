import { Foundation1763780000000 } from './1763780000000-foundation.js';

/** Every migration, in order. A new migration is appended here and never edited after it lands. */
export const MIGRATIONS = [Foundation1763780000000];
