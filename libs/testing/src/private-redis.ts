import { spawn, type ChildProcess } from 'node:child_process';
import { answersOn, freePort } from '@attune/platform';

export interface PrivateRedis {
  url: string;
  port: number;
  /** Kills the server at once (SIGKILL), as a crash would. */
  kill(): Promise<void>;
  /** Starts it again on the same port if it is down (empty: it keeps nothing on disk); running, it stays as it is. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A redis-server of the test's own on a free port, for tests that kill, flush or restart Redis: the
 * shared one on 6379 is never damaged (STACK-NOTES). `hz 100` as in production.
 */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const launch = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--hz', '100'], { stdio: 'ignore' });
    for (let i = 0; i < 200 && !(await answersOn('127.0.0.1', port, 100)); i++) {
      await new Promise((r) => setTimeout(r, 25)); // waiting for a child process to listen: nothing to await instead
    }
  };
  const end = async (signal: NodeJS.Signals) => {
    const running = child;
    if (!running || !isRunning(running)) return;
    const exited = new Promise((r) => running.once('exit', r));
    running.kill(signal);
    await exited;
  };
  await launch();
  // Only when it is down: a second server on the port would fail to bind, and the first would be orphaned.
  const restart = async () => {
    if (child && isRunning(child)) return;
    await launch();
  };
  return { url: `redis://127.0.0.1:${port}`, port, kill: () => end('SIGKILL'), restart, stop: () => end('SIGTERM') };
}

/** A child killed by a signal keeps exitCode null: signalCode says it ended. */
function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}
