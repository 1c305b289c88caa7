import 'reflect-metadata';
import { start } from '../../attune/src/start.js';

await start({ api: false, worker: true });
