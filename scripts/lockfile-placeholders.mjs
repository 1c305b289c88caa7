// The registry mirror this project is built against serves only the platform packages it needs, so
// `npm install` leaves other platforms' optional binaries (darwin, win32, …) out of package-lock.json and
// `npm ci` then refuses the lock ("Missing: … from lock file"). This records each missing optional
// dependency with the os/cpu its name declares, so `npm ci` accepts the lock and skips it on this machine.
// Run after any `npm install`: `npm run lock:fix`.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;
const OS = /(darwin|linux|win32|freebsd|android|openbsd|netbsd|sunos|aix)/;
const CPU = /(arm64|x64|ia32|riscv64|ppc64|s390x|loong64|wasm32|arm)(?![0-9])/;
let added = 0;
for (const [path, meta] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const nested = `${path ? `${path}/` : ''}node_modules/${name}`;
    const top = `node_modules/${name}`;
    if (packages[nested] || packages[top]) continue;
    const entry = { version, optional: true };
    const os = OS.exec(name.split('/').pop());
    const cpu = CPU.exec(name.split('/').pop());
    if (os) entry.os = [os[1]];
    if (cpu) entry.cpu = [cpu[1]];
    packages[top] = entry;
    added++;
  }
}
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lockfile: ${added} optional platform package(s) recorded`);
