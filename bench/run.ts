import 'reflect-metadata';
import { caseloadProgress } from './caseload-progress.js';
import { freeSlots } from './free-slots.js';
import { readClient } from './read-client.js';
import { remindersLateness } from './reminders-lateness.js';
import { remindersSchedule } from './reminders-schedule.js';
import { socketsMemory } from './sockets-memory.js';
import { visitSeries } from './visit-series.js';
import { checkinWrite } from './checkin-write.js';
import { alertFanout } from './alert-fanout.js';

/** `npm run bench -- <name>`: runs one benchmark; its last line is one JSON object. */
const BENCHES: Record<string, () => Promise<Record<string, unknown>>> = {
  'read-client': readClient,
  'reminders-schedule': remindersSchedule,
  'reminders-lateness': remindersLateness,
  'visit-series': visitSeries,
  'free-slots': freeSlots,
  'caseload-progress': caseloadProgress,
  'checkin-write': checkinWrite,
  'sockets-memory': socketsMemory,
  'alert-fanout': alertFanout,
};

const name = process.argv[2];
const bench = name ? BENCHES[name] : undefined;
if (!bench) {
  console.error(`usage: npm run bench -- <${Object.keys(BENCHES).join('|')}>`);
  process.exit(2);
}
const result = await bench();
console.log(JSON.stringify(result));
process.exit(0);
