import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '@attune/platform';
import type { CalendarPart, Channel } from '../entities/outbound-message.entity.js';
import { EmailSender, type OutgoingEmail } from './email-sender.js';
import { SmsSender, type OutgoingSms } from './sms-sender.js';

/** One message as the local outbox keeps it (a JSON file). */
export interface LocalOutboxEntry {
  messageId: string;
  channel: Channel;
  to: string;
  subject: string | null;
  body: string;
  /** An invitation's iCalendar part, if any. */
  calendar?: CalendarPart;
  createdAt: string;
}

/**
 * Where messages go when their channel is not configured (a fresh install, a demo): one JSON file per
 * message in DATA_DIR/outbox, read with `npm run outbox`. The files hold sign-in codes and invitation
 * links, so they are readable by the owner only.
 */
export class LocalOutbox {
  constructor(
    readonly dir: string,
    private readonly clock: Clock,
  ) {}

  async write(channel: Channel, message: { messageId: string; to: string; subject?: string; body: string; calendar?: CalendarPart }): Promise<void> {
    const createdAt = this.clock.now();
    const entry: LocalOutboxEntry = {
      messageId: message.messageId,
      channel,
      to: message.to,
      subject: message.subject ?? null,
      body: message.body,
      ...(message.calendar ? { calendar: message.calendar } : {}),
      createdAt: createdAt.toISOString(),
    };
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    // Named by time so a listing sorts chronologically; written aside then renamed, so a reader (or a
    // file watcher) never sees half a file.
    const name = `${createdAt.toISOString().replace(/[:.]/g, '-')}-${channel}-${message.messageId}.json`;
    const partial = join(this.dir, `.${name}.partial`);
    await writeFile(partial, JSON.stringify(entry, null, 2), { mode: 0o600 });
    await rename(partial, join(this.dir, name));
  }
}

export class LocalOutboxEmailSender extends EmailSender {
  readonly destination: string;
  constructor(private readonly outbox: LocalOutbox) {
    super();
    this.destination = `local outbox ${outbox.dir} (SMTP_URL not set; read it with npm run outbox)`;
  }
  send(email: OutgoingEmail): Promise<void> {
    return this.outbox.write('email', email);
  }
}

export class LocalOutboxSmsSender extends SmsSender {
  readonly destination: string;
  constructor(private readonly outbox: LocalOutbox) {
    super();
    this.destination = `local outbox ${outbox.dir} (SMS_API_URL not set; read it with npm run outbox)`;
  }
  send(sms: OutgoingSms): Promise<void> {
    return this.outbox.write('sms', sms);
  }
}

/** Every message in the local outbox, newest first. A missing folder is an empty outbox. */
export async function readLocalOutbox(dir: string): Promise<LocalOutboxEntry[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.json') && !name.startsWith('.'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const entries = await Promise.all(
    names.map(async (name) => ({ name, entry: JSON.parse(await readFile(join(dir, name), 'utf8')) as LocalOutboxEntry })),
  );
  return entries
    .sort((a, b) => b.entry.createdAt.localeCompare(a.entry.createdAt) || b.name.localeCompare(a.name))
    .map(({ entry }) => entry);
}
