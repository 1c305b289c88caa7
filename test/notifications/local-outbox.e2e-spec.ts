import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { watch, type FSWatcher } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '@attune/platform';
import { createOrganization, fakePhone, testConfig, type Org } from '@attune/testing';
import { runScript } from '../audit/run-script.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { MessageJobs } from './support/message-jobs.js';

/** Resolves with the first complete message file whose name contains `messageId` (fs.watch, no polling). */
function outboxFile(watcher: FSWatcher, dir: string, messageId: string): Promise<string> {
  return new Promise((resolve) => {
    const onChange = (_event: string, name: string | Buffer | null) => {
      const file = name?.toString() ?? '';
      // Files are written aside as .partial and renamed: only the final name counts.
      if (file.endsWith('.json') && !file.startsWith('.') && file.includes(messageId)) {
        watcher.off('change', onChange);
        resolve(join(dir, file));
      }
    };
    watcher.on('change', onChange);
  });
}

/** With no SMTP server or SMS API configured, messages land as files in DATA_DIR/outbox. */
describe('the local outbox', () => {
  let t: TestApp;
  let org: Org;
  let jobs: MessageJobs;
  let watcher: FSWatcher;

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.db);
    jobs = await MessageJobs.open(t);
    await mkdir(t.config.outboxDir, { recursive: true });
    watcher = watch(t.config.outboxDir);
  });
  afterAll(async () => {
    watcher.close();
    await jobs.close();
    await t.close();
  });

  it('writes an email as a file readable by its owner only, then marks the message sent', async () => {
    const id = await jobs.send(
      { organizationId: org.id, recipientUserId: null, channel: 'email', to: 'new.admin@example.test', subject: 'Your invitation', body: 'Join: http://localhost/join/abc' },
      { dispatch: false },
    );
    const file = outboxFile(watcher, t.config.outboxDir, id);
    await jobs.dispatch(id);
    const path = await file;
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({
      messageId: id,
      channel: 'email',
      to: 'new.admin@example.test',
      subject: 'Your invitation',
      body: 'Join: http://localhost/join/abc',
      createdAt: t.clock.now().toISOString(),
    });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    await jobs.finished(id);
    expect(await jobs.row(id)).toMatchObject({ status: 'sent', body: null });
  });

  it('writes a text too, and `npm run outbox` lists the messages newest first', async () => {
    t.clock.advance(60);
    const to = fakePhone();
    const id = await jobs.send({ organizationId: org.id, recipientUserId: null, channel: 'sms', to, body: 'Attune code: 730125' }, { dispatch: false });
    const file = outboxFile(watcher, t.config.outboxDir, id);
    await jobs.dispatch(id);
    expect(JSON.parse(await readFile(await file, 'utf8'))).toMatchObject({ channel: 'sms', to, subject: null, body: 'Attune code: 730125' });

    const listing = await runScript('apps/worker/src/outbox-read.js', { NODE_ENV: 'test', DATA_DIR: t.config.dataDir });
    expect(listing.code).toBe(0);
    expect(listing.output).toContain('2 message(s)');
    const sms = listing.output.indexOf('Attune code: 730125');
    const email = listing.output.indexOf('Join: http://localhost/join/abc');
    expect(sms).toBeGreaterThan(-1);
    expect(email).toBeGreaterThan(sms);
  });

  it('refuses to boot with half an SMS configuration (texts would silently go to the outbox)', () => {
    expect(() => testConfig(t.database.url, { SMS_API_URL: 'http://127.0.0.1:9/2010-04-01' })).toThrow(ConfigError);
    expect(() => testConfig(t.database.url, { SMS_API_URL: 'http://127.0.0.1:9/2010-04-01' })).toThrow('SMS_ACCOUNT_SID');
  });
});
