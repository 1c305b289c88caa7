import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '@attune/platform';

export interface AttuneProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves when the output contains `pattern` (fails on exit or after the timeout). */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs a compiled Attune entry point as a real child process on a free port, and waits for /ready. */
export async function spawnAttuneProcess(entry: 'attune' | 'api' | 'worker', env: Record<string, string>): Promise<AttuneProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--enable-source-maps', `dist/apps/${entry}/src/main.js`], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters: (() => void)[] = [];
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    waiters.forEach((w) => w());
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const proc: AttuneProcess = {
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    waitForOutput(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(output);
          if (match) {
            clearTimeout(timer);
            resolve(match[0]);
          }
        };
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; output:\n${output.slice(-3000)}`)), timeoutMs);
        void exited.then((code) => reject(new Error(`process exited (${code}) before ${pattern}; output:\n${output.slice(-3000)}`)));
        waiters.push(check);
        check();
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
  if (entry !== 'worker') await proc.waitForOutput(/listening on/);
  return proc;
}
