// `npm run e2e`: build the web renderer, generate a dataset, start `hebb serve`, and drive the whole journey in
// Debian Chromium — open folder → classes → cnn-small → train 2 epochs → confusion matrix → predict → export —
// asserting each step, no console errors, and 401 without the token. Screenshots go to test/e2e/screenshots/.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeDataset } from './dataset.mjs';
import { journey } from './journey.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SHOTS = path.join(ROOT, 'test/e2e/screenshots');

if (!process.env.E2E_SKIP_BUILD) {
  const b = spawnSync('npm', ['run', '-s', 'build:web'], { cwd: ROOT, stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'hebb-e2e-'));
const data = await makeDataset(path.join(tmp, 'shapes'));
mkdirSync(SHOTS, { recursive: true });

const server = spawn(process.execPath, [path.join(ROOT, 'bin/hebb.js'), 'serve', '--port', '0', '--no-open', '--json'], {
  cwd: ROOT, env: { ...process.env, HEBB_HOME: path.join(tmp, 'home') }, stdio: ['ignore', 'pipe', 'inherit'],
});
const info = await new Promise((resolve, reject) => {
  let buf = '';
  server.stdout.on('data', (d) => {
    buf += d;
    const line = buf.split('\n').find((l) => l.startsWith('{'));
    if (line) resolve(JSON.parse(line));
  });
  server.once('exit', (code) => reject(new Error(`hebb serve exited with ${code}`)));
  setTimeout(() => reject(new Error('hebb serve printed no URL within 60 s')), 60_000);
});

let failed = 0;
try {
  failed = await journey({ url: info.url, port: info.port, data, shots: SHOTS, root: ROOT });
} catch (err) {
  console.error(`e2e: ${err.stack ?? err}`);
  failed = 1;
} finally {
  server.kill('SIGTERM');
  rmSync(tmp, { recursive: true, force: true });
}
console.log(failed ? `e2e: ${failed} step(s) failed` : 'e2e: all steps passed');
process.exit(failed ? 1 : 0);
