import { createRequire } from 'node:module';

/**
 * Luxon, its CommonJS build: the copy BullMQ (through cron-parser) loads in every process anyway. An
 * `import` of 'luxon' from our ES modules would load its ES build beside it, a second copy (~0.7 MB of
 * heap). Import DateTime and IANAZone from here (lint refuses 'luxon' elsewhere).
 */
export const { DateTime, IANAZone } = createRequire(import.meta.url)('luxon') as typeof import('luxon');
