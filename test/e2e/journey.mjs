// The user journey through every view in one language, step by step; a failed step is reported and the tour goes
// on for screenshots. Selectors are data-test hooks, never words, so the same tour runs in en and zh-CN.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { auditViews } from './audit.mjs';
import { expect, fullShot, panelShot, stepper } from './steps.mjs';

/** A page whose studio starts in `lang` (the choice the app remembers) with the browser's languages to match. */
export async function studioPage(browser, lang, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport, locale: lang });
  await context.addInitScript((l) => { try { localStorage.setItem('hebb.locale', l); } catch { /* opaque origin */ } }, lang);
  return context.newPage();
}

export async function journey({ browser, url, port, data, shots: shotRoot, root, lang, failures }) {
  const shots = path.join(shotRoot, lang);
  mkdirSync(shots, { recursive: true });
  let page = null;
  const step = stepper({ failures, label: lang, page: () => page, shots });
  if (lang === 'en') {
    await step('an API call without the token gets 401', async () => {
      const r = await fetch(`http://127.0.0.1:${port}/api/app:info`, { method: 'POST', body: 'null' });
      expect(r.status === 401, `status ${r.status}`);
    });
  }

  page = await studioPage(browser, lang);
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  const shot = (name) => fullShot(page, shots, name);
  const nav = (id) => page.click(`[data-test=nav-${id}]`);
  const T = (s) => s * 1000;

  try {
    await step('the page without the token says how to get in', async () => {
    const p = await studioPage(browser, lang);
    p.on('console', () => undefined);
    await p.goto(url.replace(/\?token=.*/, ''));
    await p.waitForSelector('[data-code=UNAUTHORIZED]', { timeout: T(10) });
    await p.context().close();
  });

  await step('the page loads with the token and drops it from the address bar', async () => {
      await page.goto(url);
      await page.waitForSelector('[data-test=folder-input]');
      expect(!page.url().includes('token='), 'token still in URL');
      expect(await page.evaluate(() => document.documentElement.lang) === lang, `page language is not ${lang}`);
    });

    await step('open the folder and see its three classes', async () => {
      await page.fill('[data-test=folder-input]', data);
      await page.click('[data-test=open-folder]');
      await page.waitForSelector('[data-test=class-card]', { timeout: T(30) });
      expect((await page.locator('[data-test=class-card]').count()) === 3, 'expected 3 class cards');
      expect((await page.textContent('[data-test=image-count]')).trim() === '60', 'expected 60 images');
      await page.waitForFunction(() => [...document.querySelectorAll('.cls img')].every((i) => i.complete && i.naturalWidth > 0), null, { timeout: T(20) });
      await page.waitForSelector('[data-test=augment-preview]', { timeout: T(20) });
      const before = await page.getAttribute('[data-test=augment-preview]', 'src');
      await page.check('[data-test=aug-hflip]');
      await page.waitForFunction((b) => document.querySelector('[data-test=augment-preview]')?.getAttribute('src') !== b, before, { timeout: T(20) });
      await shot('1-data');
      await page.click('[data-test=class-card] >> nth=0 >> [data-test=show-all]');
      await page.waitForFunction(() => document.querySelectorAll('[data-test=class-gallery] img').length === 20, null, { timeout: T(10) });
      await page.click('[data-test=gallery-close]');
    });

    // Sized for the WASM backend on a shared 2-core machine; E2E_SIZE / E2E_EPOCHS override.
    const size = process.env.E2E_SIZE ?? '28';
    const epochs = process.env.E2E_EPOCHS ?? '4';
    await step(`pick cnn-small at ${size}×${size} for ${epochs} epochs`, async () => {
      await nav('model');
      await page.selectOption('[data-test=input-size]', size);
      await page.click('[data-test=arch-cnn-small]', { timeout: T(60) });
      await page.fill('[data-test=epochs]', epochs);
      // Small batches and a brisk rate: enough steps in a few epochs for the model to learn the shapes.
      await page.fill('[data-test=batch-size]', '8');
      await page.fill('[data-test=learning-rate]', '0.003');
      await page.selectOption('[data-test=schedule]', 'cosine');
      await page.waitForFunction(() => document.querySelector('[data-test=layer-table]')?.textContent?.toLowerCase().includes('conv'), null, { timeout: T(30) });
      await shot('2-model');
    });

    await step(`train ${epochs} epochs, watch the charts move and the model learn`, async () => {
      await nav('train');
      await page.click('[data-test=start]');
      await page.waitForFunction(() => Number(document.querySelector('[data-test=epoch]')?.firstChild?.textContent) >= 1, null, { timeout: T(240) });
      await shot('3-train-live');
      await page.waitForSelector('[data-test=train-end]', { timeout: T(60 + 150 * Number(epochs)) });
      const state = await page.getAttribute('[data-test=run-state]', 'data-state');
      expect(state === 'completed', `run ended ${state}`);
      const valAcc = (await page.textContent('[data-test=val-acc]')).trim();
      console.log(`    validation accuracy shown: ${valAcc}`);
      // Three classes: chance is 33 %. Coloured shapes are easy; a model that learned anything is far above it.
      expect(parseFloat(valAcc) >= 75, `validation accuracy ${valAcc}: the model did not learn`);
      expect(await page.locator('[data-test=lr-chart]').count() === 1, 'no learning-rate chart for the cosine schedule');
      // The chart's text alternative: its table opens and holds the per-epoch numbers.
      await page.click('[data-test=loss-chart] >> xpath=.. >> [data-test=chart-table-toggle]');
      expect(await page.locator('[data-test=chart-table] tbody tr').count() >= Number(epochs), 'loss table lacks the epochs');
      await shot('3-train');
    });

    await step('evaluate: confusion matrix and a cell’s images', async () => {
      await nav('evaluate');
      await page.waitForFunction(() => document.querySelector('[data-test=run-picker]')?.value, null, { timeout: T(10) });
      await page.click('[data-test=evaluate]');
      await page.waitForSelector('[data-test=eval-accuracy]', { timeout: T(60) });
      // A click on a cell of the grid opens it…
      await page.click('[data-cell="1-1"]');
      await page.waitForSelector('[data-test=cell-images]', { timeout: T(10) });
      // …and so does the keyboard-reachable list of confusions; its images must show.
      const pair = page.locator('[data-test=confusion-pair]').first();
      if (await pair.count()) {
        await pair.click();
        await page.waitForFunction(() => [...document.querySelectorAll('[data-test=cell-images] img')].some((i) => i.complete && i.naturalWidth > 0), null, { timeout: T(10) });
      }
      await shot('4-evaluate');
    });

    await step('predict one image in the playground', async () => {
      await nav('playground');
      await page.click('[data-test=play-image] >> nth=0', { timeout: T(10) });
      await page.waitForSelector('[data-test=prediction]', { timeout: T(60) });
      await shot('5-playground');
    });

    await step('playground: what each layer sees, one decoded map per conv and pooling layer', async () => {
      await page.click('[data-test=layers-toggle]');
      await page.waitForFunction(() => {
        const imgs = [...document.querySelectorAll('[data-test=layer-map] img')];
        return imgs.length >= 4 && imgs.every((i) => i.complete && i.naturalWidth > 0);
      }, null, { timeout: T(60) });
      await panelShot(page, shots, '5-playground-layers', '[data-test=layer-activations]');
    });

    await step('export to TensorFlow.js with a passing parity check', async () => {
      await nav('export');
      await page.click('[data-test=format-tfjs]');
      await page.click('[data-test=export]');
      await page.waitForSelector('[data-test=export-result]', { timeout: T(90) });
      expect(await page.getAttribute('[data-test=parity]', 'data-passed') === 'true', 'parity not passed');
      await shot('7-export');
    });

    await step('export: the files download as one zip from the browser', async () => {
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: T(30) }), page.click('[data-test=download]')]);
      const file = await download.path(); // Playwright's own temporary copy
      const { unzipSync } = await import('fflate');
      const names = Object.keys(unzipSync(new Uint8Array(readFileSync(file))));
      expect(download.suggestedFilename().endsWith('-tfjs.zip'), `download named ${download.suggestedFilename()}`);
      expect(['model.json', 'labels.txt'].every((n) => names.includes(n)), `zip holds ${names.join(', ')}`);
    });

    await step('runs: the run is listed', async () => {
      await nav('runs');
      await page.waitForSelector('[data-test=runs-table] tbody tr', { timeout: T(10) });
      await page.locator('[data-test=runs-table] tbody input[type=checkbox]').first().check();
      await page.waitForTimeout(500);
      await shot('6-runs');
    });

    await step('memory lab: store and recall', async () => {
      await nav('memory');
      await page.locator('.picks button').nth(0).click();
      await page.locator('.picks button').nth(5).click();
      await page.click('[data-test=memory-store]');
      await page.click('[data-test=memory-recall]', { timeout: T(30) });
      await page.waitForSelector('[data-test=memory-snapshot]', { timeout: T(30) });
      await page.click('[data-test=memory-capacity]');
      await page.waitForSelector('[data-test=capacity-chart] canvas', { timeout: T(60) });
      await page.waitForTimeout(500);
      await shot('8-memory');
    });

    await step('dark theme follows the OS', async () => {
      await page.emulateMedia({ colorScheme: 'dark' });
      await nav('train');
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(bg === 'rgb(17, 19, 24)', `body background ${bg}`);
      await shot('9-train-dark');
      await page.emulateMedia({ colorScheme: 'light' });
    });

    await step('axe: no serious or critical violations on any view, light and dark; no overflow at 1024×700 or 1440×900', async () => {
      const problems = await auditViews(page, root, nav);
      await page.setViewportSize({ width: 1280, height: 800 });
      expect(problems.length === 0, `${problems.length} problem(s):\n      ${problems.slice(0, 20).join('\n      ')}`);
    });

    await step('the language switches in place, charts included', async () => {
      const other = lang === 'en' ? 'zh-CN' : 'en';
      await nav('train');
      const before = await page.textContent('[data-test=nav-train]');
      await page.selectOption('[data-test=locale]', other);
      await page.waitForFunction((b) => document.querySelector('[data-test=nav-train]')?.textContent !== b, before, { timeout: T(5) });
      expect(await page.evaluate(() => localStorage.getItem('hebb.locale')) === other, 'choice not remembered');
      await page.selectOption('[data-test=locale]', lang);
    });

    await step('no console errors', async () => {
      expect(consoleErrors.length === 0, `console errors:\n${consoleErrors.join('\n')}`);
    });
  } finally {
    await page.context().close();
  }
}
