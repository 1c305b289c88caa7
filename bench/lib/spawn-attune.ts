import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '@attune/platform';

export interface RunningAttune {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the real api process (compiled) on a free port and waits until /ready answers. */
export async function spawnAttune(entry: 'api' | 'attune', env: Record<string, string>): Promise<RunningAttune> {
  const port = await freePort();
  const nodeFlags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean); // e.g. --cpu-prof
  const child = spawn(process.execPath, [...nodeFlags, `dist/apps/${entry}/src/main.js`], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DEMO_SEED: 'false', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`attune exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/ready`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100)); // polling a child process's readiness: nothing to await
  }
  return {
    url,
    child,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}
