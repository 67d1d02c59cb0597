/**
 * Runs the engine on WebGPU in Debian Chromium: bundles test/webgpu/page.ts with esbuild, serves it and the shipped
 * MobileNetV2 backbone (as a model folder) from http://127.0.0.1 (data: pages get no navigator.gpu), and drives the
 * page with playwright-core on SwiftShader's WebGPU adapter.
 */

import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Page } from 'playwright-core';
import type { WebGpuProbe } from '#contract/webgpu';
import { readBundledBackbone } from '../../src-main/engine/arch/backbone';
import { nodeShims } from './node-shims';
import type { Case, CaseResult, EpochResult, PageApi } from './page';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader', '--enable-features=Vulkan', '--no-sandbox'];
/** Where the page's fs shim finds the backbone folder (transfer cases use it as archOptions.backbone). */
export const BACKBONE_DIR = '/backbone';

export interface ChromiumSession {
  adapter: WebGpuProbe;
  compare(c: Case): Promise<CaseResult>;
  trainEpoch(): Promise<EpochResult>;
  /** Console errors and page errors seen so far. */
  errors: string[];
  close(): Promise<void>;
}

async function bundle(dir: string): Promise<void> {
  await build({
    entryPoints: [path.join(ROOT, 'test/webgpu/page.ts')], outfile: path.join(dir, 'page.js'), bundle: true, format: 'esm',
    platform: 'browser', target: 'es2022', plugins: [nodeShims()], logLevel: 'error', define: { 'process.env.NODE_ENV': '"production"' },
    banner: { js: 'globalThis.process ??= { env: {}, versions: {}, platform: "browser" }; globalThis.Buffer ??= { concat: (l) => { const o = new Uint8Array(l.reduce((s, b) => s + b.byteLength, 0)); let p = 0; for (const b of l) { o.set(b, p); p += b.byteLength; } return o; } };' },
  });
  const art = await readBundledBackbone();
  fs.mkdirSync(path.join(dir, 'backbone'));
  fs.writeFileSync(path.join(dir, 'backbone/model.json'), JSON.stringify({ format: 'layers-model', modelTopology: art.topology, weightsManifest: [{ paths: ['weights.bin'], weights: art.weightSpecs }] }));
  fs.writeFileSync(path.join(dir, 'backbone/weights.bin'), new Uint8Array(art.weightData));
  fs.writeFileSync(path.join(dir, 'index.html'), `<!doctype html><meta charset="utf-8"><title>hebb webgpu</title><script type="module">
    const files = new Map();
    for (const f of ['model.json', 'weights.bin']) files.set('${BACKBONE_DIR}/' + f, new Uint8Array(await (await fetch('backbone/' + f)).arrayBuffer()));
    globalThis.__hebbFiles = files;
    try { await import('./page.js'); document.title = 'ready'; } catch (e) { console.error('page.js: ' + (e && e.stack || e)); document.title = 'failed'; }
  </script>`);
}

function serve(dir: string): Promise<http.Server> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json' };
  const server = http.createServer((req, res) => {
    const file = path.join(dir, path.normalize(decodeURIComponent((req.url ?? '/').split('?')[0]!)).replace(/^\/+$/, '/index.html'));
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' }).end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const call = <K extends keyof PageApi>(page: Page, name: K, arg?: unknown): Promise<Awaited<ReturnType<PageApi[K]>>> =>
  page.evaluate(([n, a]) => (globalThis as unknown as { hebbWebGpu: Record<string, (x: unknown) => unknown> }).hebbWebGpu[n as string]!(a), [name, arg] as const) as never;

/** Bundle, serve and open the page; the caller runs cases and must close() (which removes the temp folder). */
export async function openChromium(): Promise<ChromiumSession> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hebb-webgpu-page-'));
  let server: http.Server | null = null;
  let browser: Awaited<ReturnType<typeof chromium.launch>> | null = null;
  const close = async (): Promise<void> => {
    await browser?.close();
    await new Promise((r) => (server ? server.close(r) : r(null)));
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await bundle(dir);
    server = await serve(dir);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.setDefaultTimeout(300_000);
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    // Runs in the page (this file is type-checked without the DOM library).
    await page.waitForFunction(() => { const t = (globalThis as unknown as { document: { title: string } }).document.title; return t === 'ready' || t === 'failed'; }, undefined, { timeout: 120_000 });
    if ((await page.title()) !== 'ready') throw new Error(`the engine bundle failed to load in Chromium: ${errors.join(' | ')}`);
    const adapter = await call(page, 'adapter');
    return {
      adapter, errors, close,
      compare: (c) => call(page, 'compare', c),
      trainEpoch: () => call(page, 'trainEpoch'),
    };
  } catch (err) {
    await close();
    throw err;
  }
}
