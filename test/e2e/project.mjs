// Lobe's loop as a project, in English with Chromium's fake camera: new project → two classes captured from the
// camera (≥ 20 frames each) → train → a playground prediction marked wrong → train again (warm start) → reload the
// page, then restart `hebb serve` → the project reopens with the same classes, counts, settings and both runs.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { expect, fullShot, panelShot, stepper } from './steps.mjs';
import { studioPage } from './journey.mjs';

const CLASSES = ['wave', 'still'];
const FRAMES = 22;
const UPLOADED = 4;

/** A folder on "the browser's machine": one subfolder per class, a few drawn images each, and a stray text file. */
async function uploadFolder(root) {
  for (const [i, c] of CLASSES.entries()) {
    await mkdir(path.join(root, c), { recursive: true });
    for (let k = 0; k < UPLOADED; k++) {
      await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 40 * k, g: 120 + 60 * i, b: 200 - 40 * k } } }).jpeg().toFile(path.join(root, c, `u${k}.jpg`));
    }
  }
  await writeFile(path.join(root, 'notes.txt'), 'not an image');
  return root;
}
const T = (s) => s * 1000;

export async function projectJourney({ browser, url, restart, dir, shots, failures }) {
  let page = null;
  const step = stepper({ failures, label: 'project', page: () => page, shots });
  const shot = (name) => fullShot(page, shots, name);
  const nav = (id) => page.click(`[data-test=nav-${id}]`);
  const consoleErrors = [];

  /** What the user sees of the project: its classes with their counts, its runs, and the Model view's settings. */
  const seen = async () => {
    await nav('data');
    await page.waitForSelector('[data-test=project-class]', { timeout: T(20) });
    const classes = await page.$$eval('[data-test=project-class]', (els) => els.map((e) => [e.querySelector('strong')?.textContent, e.querySelector('.pill')?.textContent]));
    const runs = (await page.textContent('[data-test=project-runs]'))?.trim();
    await nav('model');
    const settings = {
      size: await page.inputValue('[data-test=input-size]'),
      arch: await page.getAttribute('[data-test=arch-cnn-small]', 'aria-checked'),
      epochs: await page.inputValue('[data-test=epochs]'),
      batch: await page.inputValue('[data-test=batch-size]'),
    };
    await nav('data');
    return JSON.stringify({ classes, runs, settings });
  };
  const trained = async (what) => {
    await page.waitForSelector('[data-test=train-end]', { timeout: T(400) });
    const state = await page.getAttribute('[data-test=run-state]', 'data-state');
    expect(state === 'completed', `${what} ended ${state}`);
  };

  page = await studioPage(browser, 'en');
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  let before = '';
  try {
    await step('a new project with two classes', async () => {
      await page.goto(url());
      await page.fill('[data-test=project-path]', dir);
      await page.click('[data-test=project-new]');
      await page.waitForSelector('[data-test=capture]', { timeout: T(20) });
      for (const [i, c] of CLASSES.entries()) {
        await page.fill('[data-test=new-class]', c);
        await page.click('[data-test=add-class]');
        await page.waitForFunction((n) => document.querySelectorAll('[data-test=project-class]').length === n, i + 1, { timeout: T(10) });
      }
    });

    await step(`capture ${FRAMES}+ frames into each class from the fake camera`, async () => {
      await page.click('[data-test=camera-on]');
      await page.waitForFunction(() => document.querySelector('[data-test=capture] video')?.videoWidth > 0, null, { timeout: T(20) });
      await page.$eval('[data-test=capture-rate]', (el) => { el.value = '10'; el.dispatchEvent(new Event('input', { bubbles: true })); });
      for (const c of CLASSES) {
        await page.selectOption('[data-test=capture-class]', c);
        await page.hover('[data-test=hold-to-record]');
        await page.mouse.down();
        await page.waitForSelector('[data-test=rec]', { timeout: T(5) });
        await page.waitForFunction((n) => parseInt(document.querySelector('[data-test=capture-count]')?.textContent?.replace(/\D+/g, ' ').trim() ?? '0', 10) >= n, FRAMES, { timeout: T(30) });
        // Mid-burst, the button still held: the REC indicator must be in the picture.
        if (c === CLASSES[0]) await panelShot(page, shots, '10-capture', '[data-test=capture]', { hold: true });
        expect(await page.locator('[data-test=rec]').count() === 1, 'recording stopped before the button was released');
        await page.mouse.up();
        await page.waitForFunction(({ c, n }) => [...document.querySelectorAll('[data-test=project-class]')].some((e) => e.querySelector('strong')?.textContent === c && parseInt(e.querySelector('.pill')?.textContent ?? '0', 10) >= n), { c, n: 20 }, { timeout: T(30) });
      }
      expect(await page.locator('[data-test=rec]').count() === 0, 'REC still shown after release');
      await page.click('[data-test=camera-off]');
    });

    await step('upload a folder from this machine into the project, then browse the server’s folders', async () => {
      const folder = await uploadFolder(path.join(path.dirname(dir), 'upload'));
      const counts = async () => Object.fromEntries(await page.$$eval('[data-test=project-class]', (els) => els.map((e) => [e.querySelector('strong')?.textContent, parseInt(e.querySelector('.pill')?.textContent ?? '0', 10)])));
      const before = await counts();
      await page.setInputFiles('[data-test=upload-input]', folder);
      await page.waitForSelector('[data-test=upload-summary]', { timeout: T(30) });
      await page.waitForFunction(() => !document.querySelector('[data-test=upload-cancel]'), null, { timeout: T(30) });
      const after = await counts();
      for (const c of CLASSES) expect(after[c] === before[c] + UPLOADED, `${c}: ${before[c]} → ${after[c]}, expected +${UPLOADED}`);
      await panelShot(page, shots, '13-upload', '[data-test=folder-upload]');
      // The same folder again sends nothing: what went in is recognised by its bytes.
      await page.setInputFiles('[data-test=upload-input]', folder);
      await page.waitForFunction(() => !document.querySelector('[data-test=upload-cancel]'), null, { timeout: T(30) });
      expect(JSON.stringify(await counts()) === JSON.stringify(after), 'a second upload of the same folder changed the counts');
      await page.click('[data-test=browse]');
      await page.waitForSelector('[data-test=folder-browser]');
      await page.click('[data-test=fb-recent] >> nth=0');
      await page.click('[data-test=fb-parent]');
      await page.waitForFunction(() => [...document.querySelectorAll('[data-test=fb-dir]')].some((d) => d.textContent.includes('upload')), null, { timeout: T(10) });
      await panelShot(page, shots, '14-folder-browser', '[data-test=folder-browser]');
      await page.keyboard.press('Escape');
      await page.waitForSelector('[data-test=folder-browser]', { state: 'detached', timeout: T(5) });
    });

    await step('train cnn-small at 28 px on the captured frames', async () => {
      await nav('model');
      await page.selectOption('[data-test=input-size]', '28');
      await page.click('[data-test=arch-cnn-small]', { timeout: T(60) });
      await page.fill('[data-test=epochs]', '3');
      await page.fill('[data-test=batch-size]', '8');
      await nav('train');
      await page.click('[data-test=start]');
      await trained('the first run');
    });

    await step('mark a playground prediction wrong, then train again from it', async () => {
      await nav('playground');
      await page.click('[data-test=play-image] >> nth=0', { timeout: T(10) });
      await page.waitForSelector('[data-test=prediction]', { timeout: T(60) });
      await page.click('[data-test=mark-wrong]');
      await page.waitForSelector('[data-test=right-class]');
      await shot('12-correct-wrong');
      await page.click('[data-test=mark-wrong-ok]');
      await page.waitForSelector('[data-test=marked]', { timeout: T(10) });
      // The live camera predicts a few frames a second; a frame marked correct joins the project.
      await page.click('[data-test=play-camera-on]');
      await page.waitForSelector('[data-test=play-live]', { timeout: T(10) });
      await page.waitForFunction(() => document.querySelector('img.big')?.getAttribute('src')?.startsWith('data:image/jpeg'), null, { timeout: T(20) });
      await page.waitForSelector('[data-test=mark-correct]', { timeout: T(20) });
      await page.click('[data-test=mark-correct]');
      await page.waitForFunction(() => /Added to the project as/.test(document.querySelector('[data-test=marked]')?.textContent ?? ''), null, { timeout: T(10) });
      await shot('16-playground-live');
      await page.click('[data-test=play-camera-off]');
      await page.click('[data-test=train-again-warm]');
      await page.waitForSelector('[data-test=run-state]', { timeout: T(10) });
      await trained('the warm-started run');
      // The Runs view says where the second run came from and how accuracy moved.
      await nav('runs');
      await page.waitForSelector('[data-test=run-lineage]', { timeout: T(10) });
      expect(/warm|fine-tun/i.test(await page.textContent('[data-test=lineage-parent]')), 'the lineage does not name the warm start');
      await page.click('[data-test=compare-parent]');
      await page.waitForTimeout(500);
      await shot('15-runs-lineage');
      await nav('data');
      await page.waitForFunction(() => /2/.test(document.querySelector('[data-test=project-runs]')?.textContent ?? ''), null, { timeout: T(10) });
      // An excluded frame shows greyed in the list and leaves its class's count.
      const listed = async () => parseInt((await page.textContent('[data-test=image-total]')).replace(/[^\d\s]/g, ''), 10);
      const total = await listed();
      const first = await page.getAttribute('[data-test=project-image] >> nth=0 >> [data-test=toggle-exclude]', 'aria-label');
      await page.click('[data-test=project-image] >> nth=0 >> [data-test=toggle-exclude]');
      await page.waitForFunction((key) => ![...document.querySelectorAll('[data-test=toggle-exclude]')].some((b) => b.getAttribute('aria-label') === key), first, { timeout: T(20) });
      expect(await listed() === total, 'the list lost the excluded image');
      await shot('11-project-data');
      // Excluded images are listed last; the filter finds it at once.
      await page.selectOption('[data-test=image-filter]', 'excluded');
      await page.waitForFunction(() => document.querySelectorAll('[data-test=project-image].off').length === 1, null, { timeout: T(20) });
      const back = await page.getAttribute('[data-test=project-image] >> nth=0 >> [data-test=toggle-exclude]', 'aria-label');
      expect(back === `Include ${first.replace(/^Exclude /, '')} again`, `excluded "${first}", listed "${back}"`);
      await panelShot(page, shots, '11-project-images', '[data-test=project-images]');
      await page.selectOption('[data-test=image-filter]', 'all');
      before = await seen();
    });

    await step('reload the page: the project reopens as it was', async () => {
      await page.reload();
      await page.waitForSelector('[data-test=project-class]', { timeout: T(30) });
      const now = await seen();
      expect(now === before, `after reload\n${now}\nbefore\n${before}`);
    });

    await step('restart hebb serve: the project reopens as it was', async () => {
      const down = consoleErrors.length;
      const next = await restart();
      await page.goto(next);
      await page.waitForSelector('[data-test=project-class]', { timeout: T(30) });
      // The old page's socket fails to reconnect while the server is down: expected here, and only here.
      for (let i = consoleErrors.length - 1; i >= down; i--) if (/WebSocket connection .* failed/.test(consoleErrors[i])) consoleErrors.splice(i, 1);
      const now = await seen();
      expect(now === before, `after restart\n${now}\nbefore\n${before}`);
      await page.waitForSelector('[data-test=project-recent]', { timeout: T(10) });
    });

    await step('no console errors', async () => {
      expect(consoleErrors.length === 0, `console errors:\n${consoleErrors.join('\n')}`);
    });
  } finally {
    await page.context().close();
  }
}
