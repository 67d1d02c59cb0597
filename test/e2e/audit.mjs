// Per-view checks shared by the journeys: axe-core injected into the page (serious/critical violations fail),
// and no horizontal overflow at the two window sizes the issue names.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const VIEWS = ['data', 'model', 'train', 'evaluate', 'playground', 'runs', 'export', 'memory'];
export const SIZES = [{ width: 1024, height: 700 }, { width: 1440, height: 900 }];

let axeSource = null;
/** Run axe on the current page; returns the serious and critical violations as one line each. */
export async function axe(page, root) {
  axeSource ??= readFileSync(path.join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol: the studio's CSP (script-src 'self') rightly refuses an inline <script>.
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  return violations;
}

/** Elements wider than their box: the page itself, and any card or table that spills sideways. */
export async function overflow(page) {
  return page.evaluate(() => {
    const out = [];
    if (document.documentElement.scrollWidth > window.innerWidth + 1) out.push(`page ${document.documentElement.scrollWidth}px > ${window.innerWidth}px`);
    const main = document.querySelector('main');
    if (main && main.scrollWidth > main.clientWidth + 1) out.push(`main ${main.scrollWidth}px > ${main.clientWidth}px`);
    for (const el of document.querySelectorAll('.card, .kpi, .nav, .pill, h1, h2, button')) {
      const style = getComputedStyle(el);
      if (style.overflowX === 'auto' || style.overflowX === 'scroll') continue;
      if (el.scrollWidth > el.clientWidth + 2 && el.clientWidth > 0) out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${el.textContent.trim().slice(0, 30)}" ${el.scrollWidth}>${el.clientWidth}`);
    }
    return out.slice(0, 5);
  });
}

/** Every view, in both themes (axe) and at both sizes (overflow); the caller turns the lists into a failed step. */
export async function auditViews(page, root, nav) {
  const problems = [];
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const v of VIEWS) {
      await nav(v);
      await page.waitForTimeout(150);
      for (const line of await axe(page, root)) problems.push(`${scheme} ${v}: ${line}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  for (const size of SIZES) {
    await page.setViewportSize(size);
    for (const v of VIEWS) {
      await nav(v);
      await page.waitForTimeout(150);
      for (const line of await overflow(page)) problems.push(`${size.width}×${size.height} ${v}: ${line}`);
    }
  }
  return problems;
}
