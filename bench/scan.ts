/**
 * Benchmark (not a test): how long `scanDataset` takes on N small PNGs in 10 classes, generated once into a temp
 * folder (never committed). Usage: npx tsx bench/scan.ts [files=20000] [concurrency=16]
 */

import { existsSync, promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scanDataset } from '../src-main/dataset/scan';
import { encodePng } from '../test/helpers/fixtures';

const files = Number(process.argv[2] ?? 20_000);
const concurrency = Number(process.argv[3] ?? 16);
const root = path.join(os.tmpdir(), `hebb-bench-scan-${files}`);

async function generate(): Promise<void> {
  if (existsSync(path.join(root, '.complete'))) return;
  const t = performance.now();
  await fsp.rm(root, { recursive: true, force: true });
  const px = new Uint8Array(28 * 28);
  for (let i = 0; i < files; i++) {
    const dir = path.join(root, `class_${i % 10}`);
    if (i < 10) await fsp.mkdir(dir, { recursive: true });
    // MNIST-sized grey noise with a per-file seed: distinct files whose sizes still collide (worst case for duplicates).
    let s = i + 1;
    for (let k = 0; k < px.length; k++) px[k] = (s = (s * 1103515245 + 12345) >>> 0) >>> 24 < 40 ? 255 : 0;
    await fsp.writeFile(path.join(dir, `${i}.png`), encodePng({ width: 28, height: 28, pixels: px }));
  }
  await fsp.writeFile(path.join(root, '.complete'), '');
  console.log(`generated ${files} PNGs in ${root} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

await generate();
for (const run of ['cold-ish', 'warm']) {
  const t = performance.now();
  const cpu0 = process.cpuUsage();
  const r = await scanDataset(root, { concurrency });
  const s = (performance.now() - t) / 1000;
  const cpu = process.cpuUsage(cpu0);
  // CPU time is reported too: on a shared machine wall time mostly measures the neighbours.
  const cpuS = (cpu.user + cpu.system) / 1e6;
  console.log(`${run}: scanned ${r.images} images (${r.invalid.length} invalid) in ${s.toFixed(2)} s wall = ${Math.round(r.images / s)} files/s; CPU ${cpuS.toFixed(2)} s (user ${(cpu.user / 1e6).toFixed(2)}, sys ${(cpu.system / 1e6).toFixed(2)}); concurrency ${concurrency}; load ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`);
}
