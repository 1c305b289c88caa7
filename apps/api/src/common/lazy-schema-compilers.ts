import type { FastifyServerOptions } from 'fastify';
import { requireFromFastify } from './fastify-package.js';

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;

/**
 * Fastify's default schema compilers (Ajv for request schemas, fast-json-stringify for response schemas),
 * loaded when a route first declares such a schema instead of when the server is created. Fastify requires
 * both at creation (three copies of Ajv, ~2.4 MB of every api node's idle heap) but no route here declares
 * one: Nest validates bodies with class-validator and serialises with JSON.stringify.
 * One difference from the defaults: Fastify takes these for custom compilers, so it would not lower-case
 * the property names of a `headers` schema before compiling it.
 */
export const lazySchemaCompilers: CompilersFactory = {
  buildValidator: madeOnFirstCall<NonNullable<CompilersFactory['buildValidator']>>('@fastify/ajv-compiler'),
  buildSerializer: madeOnFirstCall<NonNullable<CompilersFactory['buildSerializer']>>('@fastify/fast-json-stringify-compiler'),
};

/** Each compiler module exports a maker of its factory (which pools compilers): made once, on first call. */
function madeOnFirstCall<Factory extends (...args: never[]) => unknown>(module: string): Factory {
  let factory: Factory | undefined;
  return ((...args: Parameters<Factory>) => (factory ??= (requireFromFastify(module) as () => Factory)())(...args)) as Factory;
}
