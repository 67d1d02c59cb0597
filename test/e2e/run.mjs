// `npm run e2e`: build the web renderer, generate a dataset, start `hebb serve`, and drive the whole journey in
// Debian Chromium in en and zh-CN — open folder → classes → cnn-small → train → confusion matrix → predict → export —
// asserting each step, axe-core on every view in both themes, no console errors, and 401 without the token; then
// a keyboard-only pass. Screenshots go to test/e2e/screenshots/<lang>/.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import sharp from 'sharp';
import { makeDataset } from './dataset.mjs';
import { journey } from './journey.mjs';
import { keyboardPass } from './keyboard.mjs';
import { projectJourney } from './project.mjs';
import { startServe } from './serve.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SHOTS = path.join(ROOT, 'test/e2e/screenshots');
// The fake camera (a generated moving pattern) answers getUserMedia without a prompt, for the capture step.
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run',
  '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];
/** E2E_LANGS=en runs one language (quicker while working on a view). */
const LANGS = (process.env.E2E_LANGS ?? 'en,zh-CN').split(',');
/** E2E_ONLY=project (or journey, keyboard, a comma list) runs those parts only. */
const PARTS = (process.env.E2E_ONLY ?? 'journey,keyboard,project').split(',');

if (!process.env.E2E_SKIP_BUILD) {
  const b = spawnSync('npm', ['run', '-s', 'build:web'], { cwd: ROOT, stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}

const t0 = Date.now();
const tmp = mkdtempSync(path.join(os.tmpdir(), 'hebb-e2e-'));
const data = await makeDataset(path.join(tmp, 'shapes'));
mkdirSync(SHOTS, { recursive: true });

const home = path.join(tmp, 'home');
let server = await startServe(ROOT, home);
const info = server;

const failures = [];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ARGS, headless: true });
try {
  if (PARTS.includes('journey')) {
    for (const lang of LANGS) {
      console.log(`journey in ${lang}:`);
      await journey({ browser, url: info.url, port: info.port, data, shots: SHOTS, root: ROOT, lang, failures });
    }
  }
  if (PARTS.includes('keyboard') && !process.env.E2E_SKIP_KEYBOARD) {
    console.log('keyboard only:');
    await keyboardPass({ browser, url: info.url, data, shots: SHOTS, failures });
  }
  if (PARTS.includes('project')) {
    console.log('project loop with a fake camera:');
    const restart = async () => { await server.stop(); server = await startServe(ROOT, home, server.port); return server.url; };
    await projectJourney({ browser, url: () => server.url, restart, dir: path.join(tmp, 'marks.hebb'), shots: path.join(SHOTS, 'en'), failures });
  }
} catch (err) {
  console.error(`e2e: ${err.stack ?? err}`);
  failures.push('crashed');
} finally {
  await browser.close();
  await server.stop();
  rmSync(tmp, { recursive: true, force: true });
}

// E2E_README_SHOTS=1 refreshes the README's committed screenshots (palette PNGs keep them small): the English set
// and the Chinese train view beside it.
if (process.env.E2E_README_SHOTS) {
  const out = path.join(ROOT, 'resources/screenshots');
  mkdirSync(out, { recursive: true });
  const views = ['1-data', '2-model', '3-train', '4-evaluate', '5-playground', '5-playground-layers', '7-export', '8-memory', '9-train-dark', '10-capture', '11-project-images', '12-correct-wrong', '13-upload', '14-folder-browser', '15-runs-lineage', '16-playground-live'];
  const pick = [...views.map((n) => ['en', n, n.replace(/^\d+-/, '')]), ['zh-CN', '3-train', 'train-zh-CN']];
  for (const [lang, n, name] of pick) {
    const file = path.join(SHOTS, lang, `${n}.png`);
    if (!existsSync(file)) { console.log(`e2e: no ${lang}/${n}.png for the README`); continue; }
    // A view is cut to the first screen; a panel's own shot is kept whole.
    const { width, height } = await sharp(file).metadata();
    await sharp(file).extract({ left: 0, top: 0, width: Math.min(1280, width), height: Math.min(800, height) }).png({ palette: true, quality: 90, effort: 8 }).toFile(path.join(out, `${name}.png`));
  }
}
console.log(`e2e: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
console.log(failures.length ? `e2e: ${failures.length} step(s) failed:\n  ${failures.join('\n  ')}` : 'e2e: all steps passed');
process.exit(failures.length ? 1 : 0);
