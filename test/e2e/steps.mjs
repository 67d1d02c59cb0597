// What every tour shares: a step that records its failure and goes on (with a screenshot of where it failed), an
// assertion, and a full-height screenshot of the view.
import path from 'node:path';

/** `label` prefixes failures ("en: open the folder"); `page()` is the page to photograph when a step fails. */
export function stepper({ failures, label, page, shots }) {
  return async (name, fn) => {
    const t0 = Date.now();
    try {
      await fn();
      console.log(`  ✓ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    } catch (err) {
      failures.push(`${label}: ${name}`);
      console.log(`  ✕ ${name}: ${String(err.message ?? err).split('\n').slice(0, 24).join('\n')}`);
      await page()?.screenshot({ path: path.join(shots, `failed-${failures.length}.png`) }).catch(() => undefined);
    }
  };
}

export const expect = (cond, msg) => { if (!cond) throw new Error(msg); };

/** The view scrolls inside <main>: grow the window to its full height while `fn` runs, then restore it. */
/** The pointer moves away (no hover styles in the shot) unless `hold` keeps it where it is, pressing a button. */
async function grown(page, fn, hold = false) {
  if (!hold) await page.mouse.move(1, 1);
  const h = await page.evaluate(() => document.querySelector('main')?.scrollHeight ?? 800);
  await page.setViewportSize({ width: 1280, height: Math.min(Math.max(800, h), 4000) });
  await page.waitForTimeout(250);
  await fn();
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** The whole view. */
export const fullShot = (page, shots, name) => grown(page, () => page.screenshot({ path: path.join(shots, `${name}.png`) }));

/** One panel, whole. */
export const panelShot = (page, shots, name, selector, { hold = false } = {}) =>
  grown(page, () => page.locator(selector).screenshot({ path: path.join(shots, `${name}.png`) }), hold);
