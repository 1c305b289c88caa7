import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import type { TestApp } from '../support/test-app.js';
import { GOOD_PASSWORD, post, startIdentityApp, stopIdentityApp } from './support.js';

describe('auth routes refuse bad input', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startIdentityApp();
  });
  afterAll(async () => {
    await stopIdentityApp(t);
  });

  it('answers malformed JSON with 400', async () => {
    const res = await request(t.url)
      .post('/api/v1/auth/sign-in')
      .set('Content-Type', 'application/json')
      .send('{"email": "a@b.test",')
      .expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 400, title: 'Bad request' });
    expect(res.body.detail).toMatch(/JSON/);
  });

  it('answers an unknown field with 400 naming it', async () => {
    const res = await post(t, '/auth/sign-in', {
      email: 'a@example.test',
      password: GOOD_PASSWORD,
      role: 'admin',
    }).expect(400);
    expect(res.body.errors).toEqual([
      { field: 'role', message: expect.stringContaining('should not exist') },
    ]);
  });

  it('answers a body over 1 MB with 413', async () => {
    const res = await post(t, '/auth/sign-in', {
      email: 'a@example.test',
      password: 'x'.repeat(1024 * 1024 + 10),
    }).expect(413);
    expect(res.body.status).toBe(413);
  });

  it('wants phones in E.164 and names the field', async () => {
    for (const phone of ['312-555-0142', '0044 20 7946 0958', '+1 312 555 0142', '+0123456789', 12_345_678]) {
      const res = await post(t, '/auth/sign-in/code-request', { phone }).expect(400);
      expect(res.body.errors).toEqual([{ field: 'phone', message: expect.any(String) }]);
    }
  });

  it('wants an email, a six-digit code and well-formed tokens', async () => {
    expect(
      (await post(t, '/auth/sign-in', { email: 'not-an-email', password: 'x' }).expect(400)).body.errors[0]
        .field,
    ).toBe('email');
    expect(
      (await post(t, '/auth/sign-in', { email: 'a@example.test' }).expect(400)).body.errors[0].field,
    ).toBe('password');
    expect(
      (await post(t, '/auth/sign-in/code', { phone: '+13125550142', code: '12345' }).expect(400)).body
        .errors[0].field,
    ).toBe('code');
    expect((await post(t, '/auth/refresh', { refreshToken: 'short' }).expect(400)).body.errors[0].field).toBe(
      'refreshToken',
    );
    expect(
      (await post(t, '/auth/sign-in/mfa', { mfaToken: 'x'.repeat(43), code: 'abcdef' }).expect(400)).body
        .errors[0].field,
    ).toBe('code');
  });

  it('describes every auth route in the OpenAPI document with request, response and problem schemas', async () => {
    const doc = (await request(t.url).get('/api/docs-json').expect(200)).body;
    const routes = [
      ['post', '/api/v1/auth/sign-in'],
      ['post', '/api/v1/auth/sign-in/mfa'],
      ['post', '/api/v1/auth/sign-in/mfa/enrol'],
      ['post', '/api/v1/auth/sign-in/code-request'],
      ['post', '/api/v1/auth/sign-in/code'],
      ['post', '/api/v1/auth/mfa/enrol'],
      ['post', '/api/v1/auth/mfa/confirm'],
      ['post', '/api/v1/auth/refresh'],
      ['post', '/api/v1/auth/sign-out'],
      ['get', '/api/v1/auth/me'],
      ['post', '/api/v1/auth/password-reset/request'],
      ['post', '/api/v1/auth/password-reset/confirm'],
      ['post', '/api/v1/auth/invitations/accept'],
    ];
    for (const [method, path] of routes) {
      const op = doc.paths[path]?.[method];
      expect({ path, described: Boolean(op) }).toEqual({ path, described: true });
      const errors = Object.keys(op.responses).filter((code) => code.startsWith('4'));
      expect({ path, errors: errors.length > 0 }).toEqual({ path, errors: true });
      for (const code of errors) expect(JSON.stringify(op.responses[code])).toContain('ProblemDetails');
    }
    expect(doc.paths['/api/v1/auth/sign-in'].post.description).toContain('enrolmentRequired');
    expect(JSON.stringify(doc.paths['/api/v1/auth/sign-in'].post.responses['200'])).toContain(
      'MfaChallengeDto',
    );
    expect(doc.components.schemas.SignInDto.required).toEqual(expect.arrayContaining(['email', 'password']));
  });
});
