import { spawn, type ChildProcess } from 'node:child_process';
import { answersOn, freePort } from '@attune/platform';

export interface OwnRedis {
  url: string;
  stop(): Promise<void>;
}

/**
 * A redis-server of this test's own on a free port (STACK-NOTES: a test that flushes Redis never touches
 * the shared one). Nothing on disk; stopped by its own process id.
 */
export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--hz', '100'], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 200 && !(await answersOn('127.0.0.1', port, 100)); i++) {
    await new Promise((resolve) => setTimeout(resolve, 25)); // a child process starting to listen: nothing to await instead
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
