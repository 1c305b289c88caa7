import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  requestBody?: { content?: Record<string, { schema?: unknown }> };
}

/** Every route is described: a success response with a schema and its error responses as problem details. */
describe('OpenAPI document', () => {
  let t: TestApp;
  let paths: Record<string, Record<string, Operation>>;
  beforeAll(async () => {
    t = await startTestApp();
    paths = (await request(t.url).get('/api/docs-json').expect(200)).body.paths;
  });
  afterAll(async () => {
    await t.close();
  });

  it('describes every route with success and error responses', () => {
    const problems: string[] = [];
    for (const [path, methods] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const codes = Object.keys(op.responses ?? {});
        if (!codes.some((c) => c.startsWith('2') || c.startsWith('3'))) problems.push(`${method} ${path}: no success response`);
        const isApi = path.startsWith('/api/v1/');
        if (isApi && !codes.some((c) => c.startsWith('4'))) problems.push(`${method} ${path}: no error response`);
        for (const code of codes.filter((c) => c.startsWith('4'))) {
          const content = op.responses![code].content ?? {};
          if (!Object.values(content).some((c) => c.schema)) problems.push(`${method} ${path}: ${code} has no schema`);
        }
        if (['post', 'put', 'patch'].includes(method) && op.requestBody && !Object.values(op.requestBody.content ?? {}).some((c) => c.schema)) {
          problems.push(`${method} ${path}: request body has no schema`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
