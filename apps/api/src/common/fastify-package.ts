import { createRequire } from 'node:module';

// Attune depends on Fastify through the Nest adapter only: Fastify and its own dependencies are found from
// there, the very copies the adapter uses.
const fromNestAdapter = createRequire(createRequire(import.meta.url).resolve('@nestjs/platform-fastify'));

/** The Fastify factory, for a server of our own beside the app's (see queue-dashboard.ts). */
export const fastify = fromNestAdapter('fastify') as typeof import('fastify').default;

/** Requires one of Fastify's own dependencies, as Fastify would. */
export const requireFromFastify = createRequire(fromNestAdapter.resolve('fastify'));
