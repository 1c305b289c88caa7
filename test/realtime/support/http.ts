import request from 'supertest';
import type { TestApp } from '../../support/test-app.js';

/** Calls /api/v1 as one person (or nobody, without a token). */
export function api(t: TestApp, token?: string) {
  const as = (test: request.Test) => (token ? test.set('authorization', `Bearer ${token}`) : test);
  return {
    get: (path: string) => as(request(t.url).get(`/api/v1${path}`)),
    post: (path: string, body: object = {}) => as(request(t.url).post(`/api/v1${path}`).send(body)),
    put: (path: string, body: object) => as(request(t.url).put(`/api/v1${path}`).send(body)),
    patch: (path: string, body: object) => as(request(t.url).patch(`/api/v1${path}`).send(body)),
  };
}

export type Api = ReturnType<typeof api>;
