import { createConnection, createServer, type Server } from 'node:net';

export interface CountingProxy {
  port: number;
  /** Statements the clients sent since the start: simple queries ('Q') and executes of prepared ones ('E'). */
  statements(): number;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of PostgreSQL that counts the statements its clients send, by reading the frontend
 * protocol's message types (no TLS on this local link). Lets a benchmark count the SQL queries a spawned
 * process runs per request without touching that process.
 */
export async function countingProxy(targetHost: string, targetPort: number): Promise<CountingProxy> {
  let statements = 0;
  const server: Server = createServer((socket) => {
    const upstream = createConnection(targetPort, targetHost);
    let buffer = Buffer.alloc(0);
    let started = false; // the startup message has no type byte
    socket.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (!started) {
          if (buffer.length < 4) break;
          const length = buffer.readInt32BE(0);
          if (buffer.length < length) break;
          buffer = buffer.subarray(length);
          started = true;
          continue;
        }
        if (buffer.length < 5) break;
        const type = String.fromCharCode(buffer[0]);
        const length = buffer.readInt32BE(1);
        if (buffer.length < length + 1) break;
        if (type === 'E') statements++;
        if (type === 'Q' && !/^\s*(BEGIN|START TRANSACTION|COMMIT|ROLLBACK)/i.test(buffer.subarray(5, length).toString())) statements++;
        buffer = buffer.subarray(length + 1);
      }
    });
    upstream.on('data', (chunk) => socket.write(chunk));
    socket.on('close', () => upstream.destroy());
    upstream.on('close', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    statements: () => statements,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
