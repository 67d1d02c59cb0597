/**
 * Google's TFLite interpreter (C++ compiled to WASM, npm @tensorflow/tfjs-tflite, files shipped in the tarball) run
 * in Debian Chromium: a second TFLite runtime nobody here wrote, which, unlike Arm NN 22, reads dynamic-range files.
 */

import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const STATIC: Record<string, string> = {
  '/tf.min.js': 'node_modules/@tensorflow/tfjs/dist/tf.min.js',
  '/tf-tflite.min.js': 'node_modules/@tensorflow/tfjs-tflite/dist/tf-tflite.min.js',
};
const WASM = path.join(ROOT, 'node_modules/@tensorflow/tfjs-tflite/wasm');

/** Why the runtime cannot run here (one line), or null. */
export function tfliteWasmMissing(): string | null {
  if (!fs.existsSync(CHROMIUM)) return `${CHROMIUM} not found (apt-get install chromium, or set CHROMIUM)`;
  for (const f of [...Object.values(STATIC).map((p) => path.join(ROOT, p)), path.join(WASM, 'tflite_web_api_cc_simd.wasm')]) if (!fs.existsSync(f)) return `${f} is missing (npm install)`;
  return null;
}

const PAGE = `<!doctype html><meta charset="utf-8"><title>loading</title><script src="/tf.min.js"></script><script src="/tf-tflite.min.js"></script>
<script>tflite.setWasmPath('/wasm/');
globalThis.runTflite = async (url, pixels, shape, dtype) => {
  const model = await tflite.loadTFLiteModel(url, { numThreads: 1 });
  const per = shape[1] * shape[2] * shape[3], out = [];
  for (let i = 0; i < shape[0]; i++) {
    const x = tf.tensor(pixels.slice(i * per, (i + 1) * per), [1, shape[1], shape[2], shape[3]], dtype === 'uint8' ? 'int32' : 'float32');
    const y = model.predict(x);
    out.push(Array.from(y.dataSync()));
    tf.dispose([x, y]);
  }
  return out;
};
document.title = 'ready';</script>`;

export interface TfliteWasm {
  /** Raw outputs per image (uint8 models: the quantised values, whose argmax is the model's). */
  run(file: string, pixels: Float32Array, shape: number[], uint8: boolean): Promise<number[][]>;
  close(): Promise<void>;
}

export async function openTfliteWasm(): Promise<TfliteWasm> {
  const models = new Map<string, string>();
  const server = http.createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0]!;
    const file = url === '/' ? null : STATIC[url] ? path.join(ROOT, STATIC[url]!) : url.startsWith('/wasm/') ? path.join(WASM, path.basename(url)) : models.get(url);
    if (url === '/') { res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE); return; }
    if (!file || !fs.existsSync(file)) { res.writeHead(404).end(); return; }
    const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.wasm') ? 'application/wasm' : 'application/octet-stream';
    res.writeHead(200, { 'content-type': type }).end(fs.readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  let browser: Browser | null = null;
  const close = async (): Promise<void> => { await browser?.close(); await new Promise((r) => server.close(r)); };
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true });
    const page: Page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => (globalThis as unknown as { document: { title: string } }).document.title === 'ready', undefined, { timeout: 60_000 }).catch(() => { throw new Error(`tfjs-tflite did not load: ${errors.join(' | ')}`); });
    return {
      close,
      run: async (file, pixels, shape, uint8) => {
        const url = `/m${models.size}/${path.basename(file)}`;
        models.set(url, file);
        const px = Array.from(uint8 ? Uint8Array.from(pixels, (v) => Math.max(0, Math.min(255, Math.round(v)))) : pixels);
        return page.evaluate(([u, p, s, d]) => (globalThis as unknown as { runTflite: (...a: unknown[]) => Promise<number[][]> }).runTflite(u, p, s, d), [url, px, shape, uint8 ? 'uint8' : 'float32'] as const);
      },
    };
  } catch (err) {
    await close();
    throw err;
  }
}
