import { createServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';

/**
 * The floor of the sockets-memory bench: a bare socket.io server with the same Redis pub/sub adapter,
 * accepting any token (no authentication, no rooms but its own). argv: port, Redis URL, adapter key.
 */
const [port, redisUrl, key] = process.argv.slice(2);
const pub = new Redis(redisUrl);
const sub = pub.duplicate();
const http = createServer();
const io = new Server(http, { serveClient: false });
io.adapter(createAdapter(pub, sub, { key }));
io.use((socket, next) => (typeof (socket.handshake.auth as { token?: unknown }).token === 'string' ? next() : next(new Error('token required'))));
http.listen(Number(port), '127.0.0.1', () => console.log(`listening on ${port}`));
