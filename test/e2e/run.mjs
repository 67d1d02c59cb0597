// `npm run e2e`: build the web renderer, generate a dataset, start `hebb serve`, and drive the whole journey in
// Debian Chromium in en and zh-CN — open folder → classes → cnn-small → train → confusion matrix → predict → export —
// asserting each step, axe-core on every view in both themes, no console errors, and 401 without the token; then
// a keyboard-only pass. Screenshots go to test/e2e/screenshots/<lang>/.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import sharp from 'sharp';
import { makeDataset } from './dataset.mjs';
import { journey } from './journey.mjs';
import { keyboardPass } from './keyboard.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SHOTS = path.join(ROOT, 'test/e2e/screenshots');
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
/** E2E_LANGS=en runs one language (quicker while working on a view). */
const LANGS = (process.env.E2E_LANGS ?? 'en,zh-CN').split(',');

if (!process.env.E2E_SKIP_BUILD) {
  const b = spawnSync('npm', ['run', '-s', 'build:web'], { cwd: ROOT, stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}

const t0 = Date.now();
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

const failures = [];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ARGS, headless: true });
try {
  for (const lang of LANGS) {
    console.log(`journey in ${lang}:`);
    await journey({ browser, url: info.url, port: info.port, data, shots: SHOTS, root: ROOT, lang, failures });
  }
  if (!process.env.E2E_SKIP_KEYBOARD) {
    console.log('keyboard only:');
    await keyboardPass({ browser, url: info.url, data, shots: SHOTS, failures });
  }
} catch (err) {
  console.error(`e2e: ${err.stack ?? err}`);
  failures.push('crashed');
} finally {
  await browser.close();
  server.kill('SIGTERM');
  rmSync(tmp, { recursive: true, force: true });
}

// E2E_README_SHOTS=1 refreshes the README's committed screenshots (palette PNGs keep them small): the English set
// and the Chinese train view beside it.
if (process.env.E2E_README_SHOTS) {
  const out = path.join(ROOT, 'resources/screenshots');
  mkdirSync(out, { recursive: true });
  const pick = [...['1-data', '2-model', '3-train', '4-evaluate', '5-playground', '8-memory', '9-train-dark'].map((n) => ['en', n, n.replace(/^\d-/, '')]), ['zh-CN', '3-train', 'train-zh-CN']];
  for (const [lang, n, name] of pick) {
    await sharp(path.join(SHOTS, lang, `${n}.png`)).extract({ left: 0, top: 0, width: 1280, height: 800 }).png({ palette: true, quality: 90, effort: 8 }).toFile(path.join(out, `${name}.png`)).catch(() => undefined);
  }
}
console.log(`e2e: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
console.log(failures.length ? `e2e: ${failures.length} step(s) failed:\n  ${failures.join('\n  ')}` : 'e2e: all steps passed');
process.exit(failures.length ? 1 : 0);
