import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface LocalSecrets {
  jwtSecret: string;
  auditHmacKey: string;
}

/**
 * Outside production a missing JWT_SECRET / AUDIT_HMAC_KEY is generated once and kept in DATA_DIR, so
 * the one-command start works and tokens and audit seals survive a restart. Production must configure both.
 */
export function localSecrets(dataDir: string): LocalSecrets {
  const file = join(dataDir, 'secrets.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
  } catch {
    const secrets = { jwtSecret: randomBytes(32).toString('hex'), auditHmacKey: randomBytes(32).toString('hex') };
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
    return secrets;
  }
}
