import { readFileSync } from 'node:fs';
import { io, type Socket } from 'socket.io-client';

/**
 * A child process holding many idle socket.io clients (the sockets-memory bench runs several): argv is
 * the server URL and a JSON file of tokens. It prints `connected N` once every socket is in, then idles
 * until killed. Opens them a batch at a time so the server is not flooded with handshakes.
 */
const [url, tokensFile] = process.argv.slice(2);
const tokens = JSON.parse(readFileSync(tokensFile, 'utf8')) as string[];
const BATCH = 50;
const ATTEMPTS = 5;
const sockets: Socket[] = [];

const attempt = (token: string) =>
  new Promise<Socket>((resolve, reject) => {
    const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 60_000 });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });

/** A busy server (two shared cores) may time a handshake out: try again, a few times. */
const open = async (token: string) => {
  for (let i = 1; ; i++) {
    try {
      sockets.push(await attempt(token));
      return;
    } catch (error) {
      if (i >= ATTEMPTS) throw error;
    }
  }
};

for (let i = 0; i < tokens.length; i += BATCH) await Promise.all(tokens.slice(i, i + BATCH).map(open));
console.log(`connected ${sockets.length}`);
process.on('SIGTERM', () => {
  sockets.forEach((s) => s.close());
  process.exit(0);
});
