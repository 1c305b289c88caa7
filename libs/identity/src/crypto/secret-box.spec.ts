import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { open, seal } from './secret-box.js';

describe('secret box', () => {
  const key = randomBytes(32);

  it('opens what it sealed, with a fresh IV each time', () => {
    const a = seal(key, 'JBSWY3DPEHPK3PXP', 'user-1');
    const b = seal(key, 'JBSWY3DPEHPK3PXP', 'user-1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('JBSWY3DPEHPK3PXP');
    expect(open(key, a, 'user-1')).toBe('JBSWY3DPEHPK3PXP');
  });

  it('refuses another row, another key or a changed byte', () => {
    const sealed = seal(key, 'JBSWY3DPEHPK3PXP', 'user-1');
    expect(open(key, sealed, 'user-2')).toBeNull();
    expect(open(randomBytes(32), sealed, 'user-1')).toBeNull();
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3], 'base64url');
    body[0] ^= 1;
    parts[3] = body.toString('base64url');
    expect(open(key, parts.join('.'), 'user-1')).toBeNull();
    expect(open(key, 'not-a-box', 'user-1')).toBeNull();
  });
});
