import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  /** The whole message as received: headers and body. */
  raw: string;
}

/**
 * A real SMTP server (the smtp-server package) on a free local port. It accepts everything unless told
 * to answer a recipient with given reply codes first; `arrival(to)` resolves when mail for `to` lands.
 */
export class RecordingSmtpServer {
  readonly received: ReceivedMail[] = [];
  private readonly replies = new Map<string, number[]>();
  private readonly waiting = new Map<string, (mail: ReceivedMail) => void>();
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo: (address, _session, callback) => {
      const code = this.replies.get(address.address)?.shift();
      if (code === undefined) return callback();
      // Real servers quote the address in their refusal: the app must not store it.
      const refusal = Object.assign(new Error(`<${address.address}>: mailbox says no (${code})`), { responseCode: code });
      return callback(refusal);
    },
    onData: (stream, session: SMTPServerSession, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const mail = { to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') };
        this.received.push(mail);
        callback();
        for (const to of mail.to) this.waiting.get(to)?.(mail);
      });
    },
  });

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.server.address() as AddressInfo).port;
  }

  /** The next replies to RCPT TO for this address, in order (e.g. [451] once), then acceptance. */
  answer(address: string, codes: number[]): void {
    this.replies.set(address, codes);
  }

  arrival(to: string): Promise<ReceivedMail> {
    return new Promise((resolve) => this.waiting.set(to, resolve));
  }

  mailTo(to: string): ReceivedMail[] {
    return this.received.filter((mail) => mail.to.includes(to));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
