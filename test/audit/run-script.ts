import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export interface ScriptRun {
  code: number | null;
  output: string;
}

/**
 * Runs one of the compiled scripts (dist/apps/…) as its own process, as `npm run …` would, and resolves
 * when it exits. `script` is relative to dist/, e.g. 'apps/worker/src/audit-verify.js'.
 */
export async function runScript(script: string, env: Record<string, string>): Promise<ScriptRun> {
  const path = fileURLToPath(new URL(`../../${script}`, import.meta.url));
  const child = spawn(process.execPath, ['--enable-source-maps', path], {
    env: { PATH: process.env.PATH ?? '', TZ: process.env.TZ ?? 'UTC', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, output };
}
