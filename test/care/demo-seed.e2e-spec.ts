import { afterEach, describe, expect, it } from '@jest/globals';
import { DEMO_CLIENTS, DEMO_ORGANIZATION, DEMO_STAFF, DemoSeed } from '@attune/care';
import { PasswordHasher } from '@attune/identity';
import { createOrganization } from '@attune/testing';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('demo seed', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  const count = async (sql: string) => Number((await t!.db.query(sql))[0].n);

  it('creates a demo programme once, with working passwords printed for each person', async () => {
    t = await startTestApp({ env: { DEMO_SEED: 'true' }, worker: false });
    expect(await t.app.get(DemoSeed).seedIfEmpty()).toBe(true);

    const [organization] = await t.db.query(`SELECT id, name FROM organization`);
    expect(organization.name).toBe(DEMO_ORGANIZATION);
    const staff = await t.db.query(
      `SELECT u.role, u.email, u.password_hash, s.status, s.supervisor_user_id FROM staff_member s JOIN user_account u ON u.id = s.user_id WHERE s.organization_id = $1`,
      [organization.id],
    );
    expect(staff.map((s: { role: string }) => s.role).sort()).toEqual(['admin', 'case_manager', 'clinician', 'peer_coach', 'supervisor']);
    expect(staff.every((s: { status: string; password_hash: string }) => s.status === 'active' && s.password_hash.startsWith('$argon2id$'))).toBe(true);
    const supervisorId = (await t.db.query(`SELECT id FROM user_account WHERE role = 'supervisor'`))[0].id;
    expect(staff.filter((s: { supervisor_user_id: string | null }) => s.supervisor_user_id === supervisorId)).toHaveLength(3);
    // The care team keeps office hours, so free slots show some in the demo.
    const hours = await t.db.query(`SELECT u.role, count(*)::int AS days FROM staff_working_hours h JOIN user_account u ON u.id = h.staff_user_id GROUP BY u.role ORDER BY u.role`);
    expect(hours).toEqual([{ role: 'case_manager', days: 5 }, { role: 'clinician', days: 5 }, { role: 'peer_coach', days: 5 }]);

    const clients = await t.db.query(
      `SELECT u.email, u.phone, u.password_hash, (SELECT count(*)::int FROM care_team_membership m WHERE m.client_id = c.id AND m.ends_at IS NULL) AS team
         FROM client c JOIN user_account u ON u.id = c.user_id ORDER BY u.phone`,
    );
    expect(clients).toHaveLength(3);
    expect(clients.filter((c: { email: string | null; password_hash: string | null }) => c.email && c.password_hash)).toHaveLength(1);
    expect(clients.filter((c: { email: string | null; password_hash: string | null }) => !c.email && !c.password_hash)).toHaveLength(2);
    expect(clients.every((c: { team: number; phone: string }) => c.team === 3 && /^\+1555555010\d$/.test(c.phone))).toBe(true);

    // Every printed password opens the account it is printed next to.
    const log = t.logs.join('');
    const hasher = t.app.get(PasswordHasher);
    for (const email of [...DEMO_STAFF.map((s) => s.email), DEMO_CLIENTS[0].email!]) {
      const password = new RegExp(`email ${email.replace(/\./g, '\\.')}  password ([A-Za-z0-9_-]+)`).exec(log)?.[1];
      expect({ email, printed: Boolean(password) }).toEqual({ email, printed: true });
      const [{ password_hash }] = await t.db.query(`SELECT password_hash FROM user_account WHERE email = $1`, [email]);
      expect(await hasher.verify(password_hash, password!)).toBe(true);
    }
    for (const phoneOnly of DEMO_CLIENTS.filter((c) => !c.email)) expect(log).toContain(`phone ${phoneOnly.phone}`);

    const before = await count(`SELECT count(*)::int AS n FROM user_account`);
    expect(await t.app.get(DemoSeed).seedIfEmpty()).toBe(false);
    expect(await count(`SELECT count(*)::int AS n FROM organization`)).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM user_account`)).toBe(before);
  });

  it('does nothing when demo seeding is off or an organisation exists', async () => {
    t = await startTestApp({ env: { DEMO_SEED: 'false' }, worker: false });
    expect(await t.app.get(DemoSeed).seedIfEmpty()).toBe(false);
    expect(await count(`SELECT count(*)::int AS n FROM organization`)).toBe(0);
    await t.close();

    t = await startTestApp({ env: { DEMO_SEED: 'true' }, worker: false });
    await createOrganization(t.db, 'A real programme');
    expect(await t.app.get(DemoSeed).seedIfEmpty()).toBe(false);
    expect(await count(`SELECT count(*)::int AS n FROM user_account`)).toBe(0);
  });

  it('seeds once when two processes start together', async () => {
    t = await startTestApp({ env: { DEMO_SEED: 'true' }, worker: false });
    const seed = t.app.get(DemoSeed);
    const results = await Promise.all([seed.seedIfEmpty(), seed.seedIfEmpty()]);
    expect(results.sort()).toEqual([false, true]);
    expect(await count(`SELECT count(*)::int AS n FROM organization`)).toBe(1);
  });
});
