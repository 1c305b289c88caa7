import 'reflect-metadata';
import { start } from './start.js';

/** `npm start`: api and worker in one process, on embedded defaults where nothing is configured. */
await start({ api: true, worker: true });
