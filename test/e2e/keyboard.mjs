// The keyboard-only pass: open a dataset, start and stop training, open a confusion-matrix cell, export, with Tab,
// arrows, typing and Enter alone. The page counts every pointer event it sees; one is a failure.
import path from 'node:path';
import { studioPage } from './journey.mjs';
import { expect, stepper } from './steps.mjs';

export async function keyboardPass({ browser, url, data, shots, failures }) {
  const page = await studioPage(browser, 'en');
  await page.addInitScript(() => {
    window.__pointer = 0;
    for (const t of ['mousedown', 'mouseup', 'mousemove', 'pointerdown', 'pointermove', 'wheel']) window.addEventListener(t, () => { window.__pointer++; }, true);
  });
  const T = (s) => s * 1000;
  const kb = page.keyboard;
  /** Tab forward until `selector` has the focus; its focus ring must show. */
  const tabTo = async (selector, max = 120) => {
    for (let i = 0; i < max; i++) {
      await kb.press('Tab');
      const hit = await page.evaluate((s) => {
        const el = document.activeElement;
        if (!el?.matches(s)) return null;
        const st = getComputedStyle(el);
        return { outline: st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) > 0, shadow: st.boxShadow !== 'none' };
      }, selector);
      if (hit) { expect(hit.outline || hit.shadow, `${selector} has no visible focus ring`); return; }
    }
    throw new Error(`Tab never reached ${selector}`);
  };
  const step = stepper({ failures, label: 'keyboard', page: () => page, shots });
  const go = async (view) => { await tabTo(`[data-test=nav-${view}]`); await kb.press('Enter'); };

  try {
    await step('open a dataset', async () => {
      await page.goto(url);
      await page.waitForSelector('[data-test=folder-input]');
      await tabTo('[data-test=folder-input]');
      await kb.type(data);
      await kb.press('Enter');
      await page.waitForSelector('[data-test=class-card]', { timeout: T(30) });
    });
    await step('choose cnn-small at 28×28 for 40 epochs (stopped long before the end)', async () => {
      await go('model');
      await page.waitForSelector('[data-test=arch-cnn-small]', { timeout: T(60) });
      await tabTo('[data-test=input-size]');
      await kb.press('Home');
      await kb.press('ArrowDown');
      await page.waitForFunction(() => document.querySelector('[data-test=input-size]')?.value === '28');
      await tabTo('[data-test=arch-cnn-small]:not([disabled])');
      await kb.press('Enter');
      await tabTo('[data-test=epochs]');
      await kb.press('ControlOrMeta+A');
      await kb.type('40');
    });
    await step('start training, then stop it after an epoch', async () => {
      await go('train');
      await tabTo('[data-test=start]:not([disabled])');
      await kb.press('Enter');
      await page.waitForFunction(() => document.querySelector('[data-test=train-live]')?.textContent?.includes('Epoch 1'), null, { timeout: T(240) });
      // Focus sat on Start, which is replaced by Pause/Stop: Tab from the top of the page again.
      await page.evaluate(() => document.body.focus());
      await tabTo('[data-test=stop]:not([disabled])');
      await kb.press('Enter');
      await page.waitForFunction(() => ['stopped', 'completed'].includes(document.querySelector('[data-test=run-state]')?.getAttribute('data-state') ?? ''), null, { timeout: T(120) });
    });
    await step('evaluate and open a confusion-matrix cell with the arrow keys', async () => {
      await go('evaluate');
      await page.waitForFunction(() => document.querySelector('[data-test=run-picker]')?.value, null, { timeout: T(10) });
      await tabTo('[data-test=evaluate]:not([disabled])');
      await kb.press('Enter');
      await page.waitForSelector('[data-test=confusion-grid]', { timeout: T(60) });
      await tabTo('[data-test=confusion-cell][tabindex="0"]');
      await kb.press('ArrowDown');
      await kb.press('ArrowRight');
      const label = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
      expect(/^true \S+, predicted \S+, \d+ images$/.test(label ?? ''), `cell reads "${label}"`);
      await kb.press('Enter');
      await page.waitForSelector('[data-test=cell-images]', { timeout: T(10) });
    });
    await step('export to TensorFlow.js', async () => {
      await go('export');
      await tabTo('[data-test=format-tfjs]');
      await kb.press('Enter');
      await tabTo('[data-test=export]:not([disabled])');
      await kb.press('Enter');
      await page.waitForSelector('[data-test=export-result]', { timeout: T(90) });
      await page.screenshot({ path: path.join(shots, 'keyboard-export.png') });
    });
    await step('no pointer events at all', async () => {
      const n = await page.evaluate(() => window.__pointer);
      expect(n === 0, `${n} pointer event(s)`);
    });
  } finally {
    await page.context().close();
  }
}
