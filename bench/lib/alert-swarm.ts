import { readFileSync } from 'node:fs';
import { io, type Socket } from 'socket.io-client';

/**
 * A child process of the alert-fanout bench: argv is a JSON file of { url, token } (each a staff socket on
 * one api node). Prints `connected N` once every socket is in; then sends the parent (IPC) each
 * `alert.raised` it hears as [clientId, alertId, absolute ms, ms since the alert's raisedAt by the wall clock], so the parent can time a team's fan-out.
 */
const [socketsFile] = process.argv.slice(2);
const entries = JSON.parse(readFileSync(socketsFile, 'utf8')) as { url: string; token: string }[];
const BATCH = 50;
const ATTEMPTS = 5;
const sockets: Socket[] = [];
const now = () => performance.timeOrigin + performance.now();

const attempt = (url: string, token: string) =>
  new Promise<Socket>((resolve, reject) => {
    const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 60_000 });
    socket.on('alert.raised', (alert: { clientId: string; alertId: string; raisedAt: string }) => process.send!([alert.clientId, alert.alertId, now(), now() - Date.parse(alert.raisedAt)]));
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });

/** A busy server (two shared cores) may time a handshake out: try again, a few times. */
const open = async ({ url, token }: { url: string; token: string }) => {
  for (let i = 1; ; i++) {
    try {
      sockets.push(await attempt(url, token));
      return;
    } catch (error) {
      if (i >= ATTEMPTS) throw error;
    }
  }
};

for (let i = 0; i < entries.length; i += BATCH) await Promise.all(entries.slice(i, i + BATCH).map(open));
console.log(`connected ${sockets.length}`);
process.on('SIGTERM', () => {
  sockets.forEach((s) => s.close());
  process.exit(0);
});
