import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedSms {
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  form: Record<string, string>;
  /** The status this request was answered with. */
  status: number;
}

/**
 * A local HTTP server shaped like Twilio's Messages API: it answers each request for a number with the
 * next status set by `answer` (then 201), and `delivery(to)` resolves on the first 2xx for that number.
 */
export class RecordingSmsApi {
  readonly requests: ReceivedSms[] = [];
  private readonly statuses = new Map<string, number[]>();
  private readonly waiting = new Map<string, (sms: ReceivedSms) => void>();
  private readonly server: Server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const form = Object.fromEntries(new URLSearchParams(body));
      const status = this.statuses.get(form.To)?.shift() ?? 201;
      const sms = { path: req.url ?? '', authorization: req.headers.authorization, contentType: req.headers['content-type'], form, status };
      this.requests.push(sms);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(status < 300 ? { sid: 'SM1', status: 'queued' } : { message: `The 'To' number ${form.To} could not be reached` }));
      if (status < 300) this.waiting.get(form.To)?.(sms);
    });
  });

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  answer(to: string, statuses: number[]): void {
    this.statuses.set(to, statuses);
  }

  delivery(to: string): Promise<ReceivedSms> {
    return new Promise((resolve) => this.waiting.set(to, resolve));
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
