import { describe, expect, it } from '@jest/globals';
import { ConfigError } from './config-error.js';
import { readEnvironment } from './read-environment.js';

describe('readEnvironment', () => {
  it('applies defaults and converts numbers and booleans', () => {
    const env = readEnvironment({ PORT: '4000', DEMO_SEED: 'false', EMBEDDED_POSTGRES: 'yes' });
    expect(env.PORT).toBe(4000);
    expect(env.DEMO_SEED).toBe(false);
    expect(env.EMBEDDED_POSTGRES).toBe(true);
    expect(env.ACCESS_TOKEN_TTL_SECONDS).toBe(900);
  });

  it.each([
    ['PORT', 'not-a-number'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['REDIS_URL', 'http://localhost'],
    ['JWT_SECRET', 'short'],
    ['LOG_LEVEL', 'loud'],
    ['BREAK_GLASS_MAX_SECONDS', '7200'],
  ])('refuses a wrong %s, naming the variable and not its value', (variable, value) => {
    let caught: unknown;
    try {
      readEnvironment({ [variable]: value });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).message).toContain(variable);
    expect((caught as ConfigError).message).not.toContain(value);
  });

  it('requires secrets and servers in production', () => {
    expect(() => readEnvironment({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
  });

  it('treats an empty variable as unset', () => {
    expect(readEnvironment({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });
});
