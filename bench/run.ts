import 'reflect-metadata';
import { readClient } from './read-client.js';

/** `npm run bench -- <name>`: runs one benchmark; its last line is one JSON object. */
const BENCHES: Record<string, () => Promise<Record<string, unknown>>> = {
  'read-client': readClient,
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
