/**
 * Benchmark (not a test): sharp vs PIL preprocessing throughput on the same 1,000 JPEGs, and cold-cache vs
 * cached epochs through createBatchStream. Run: `npm run bench:preprocess` (or `npx tsx bench/preprocess.ts`).
 * Options via env: BENCH_N (files, default 1000), BENCH_SIZE (model input, default 64), BENCH_DIR (default /tmp/hebb-bench).
 */

import { spawnSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import type { ImageEntry, PreprocessOptions } from '../src-main/contract/dataset';
import { createBatchStream } from '../src-main/preprocess/batches';
import { PreprocessCache } from '../src-main/preprocess/cache';
import { preprocessImage } from '../src-main/preprocess/decode';

const N = Number(process.env.BENCH_N ?? 1000);
const SIZE = Number(process.env.BENCH_SIZE ?? 64);
const DIR = process.env.BENCH_DIR ?? '/tmp/hebb-bench';
const DATA = path.join(DIR, `photos-${N}`);
const SKIMAGE = '/usr/lib/python3/dist-packages/skimage/data';
const CLASSES = 4;
const P: PreprocessOptions = { width: SIZE, height: SIZE, fit: 'cover', channels: 3 };
const log = (...a: unknown[]): void => console.error(...a);

/** 640×480 JPEG "photos" cut from skimage's sample images, varied in crop, hue and brightness; 1 in 10 EXIF-rotated. */
async function makePhotos(): Promise<string[]> {
  const files = Array.from({ length: N }, (_, i) => path.join(DATA, `c${i % CLASSES}`, `photo${String(i).padStart(4, '0')}.jpg`));
  if (existsSync(path.join(DATA, 'DONE'))) return files;
  const sources = (await fs.readdir(SKIMAGE)).filter((f) => f.endsWith('.png')).map((f) => path.join(SKIMAGE, f));
  const positions = ['centre', 'north', 'south', 'east', 'west'];
  log(`generating ${N} JPEGs in ${DATA} …`);
  for (let c = 0; c < CLASSES; c++) await fs.mkdir(path.join(DATA, `c${c}`), { recursive: true });
  for (let i = 0; i < N; i++) {
    let img = sharp(sources[i % sources.length]!)
      .toColourspace('srgb')
      .resize(640, 480, { fit: 'cover', position: positions[i % positions.length] })
      .modulate({ hue: (i * 37) % 360, brightness: 0.8 + (i % 5) * 0.1 });
    if (i % 10 === 0) img = sharp(await img.toBuffer()).rotate(-90).withMetadata({ orientation: 6 });
    await img.jpeg({ quality: 90 }).toFile(files[i]!);
  }
  await fs.writeFile(path.join(DATA, 'DONE'), '');
  return files;
}

async function timeIt<T>(fn: () => Promise<T>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

async function sharpRun(files: string[], concurrency: number): Promise<number> {
  return timeIt(async () => {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < files.length) await preprocessImage(files[next++]!, P);
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  });
}

function pilRun(listFile: string, workers: number, draft: boolean): { seconds: number; imagesPerSecond: number } {
  const script = fileURLToPath(new URL('./pil_preprocess.py', import.meta.url));
  const r = spawnSync('/usr/bin/python3', [script, listFile, String(SIZE), String(workers), ...(draft ? ['draft'] : [])], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`PIL run failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

async function entriesOf(files: string[]): Promise<ImageEntry[]> {
  return Promise.all(files.map(async (f, i) => {
    const st = await fs.stat(f);
    return { path: path.relative(DATA, f), label: i % CLASSES, width: 640, height: 480, channels: 3, format: 'jpeg', size: st.size, mtimeMs: st.mtimeMs };
  }));
}

/** One epoch through the real batch stream; also samples how much typed-array memory is alive. */
async function epoch(entries: ImageEntry[], cache: PreprocessCache, n: number): Promise<{ seconds: number; peakArrayBuffersMB: number }> {
  let peak = 0;
  const seconds = await timeIt(async () => {
    for await (const b of createBatchStream({ root: DATA, entries, numClasses: CLASSES, preprocess: P, batchSize: 32, shuffle: true, epoch: n, cache })) {
      if (b.n === 0) throw new Error('empty batch');
      peak = Math.max(peak, process.memoryUsage().arrayBuffers);
    }
  });
  return { seconds, peakArrayBuffersMB: peak / 2 ** 20 };
}

async function main(): Promise<void> {
  const files = await makePhotos();
  const listFile = path.join(DIR, `list-${N}.txt`);
  await fs.writeFile(listFile, files.join('\n') + '\n');
  await sharpRun(files.slice(0, 20), 2); // warm-up: page cache and sharp's first-use cost

  log('sharp …');
  const sharp1 = await sharpRun(files, 1);
  const sharp4 = await sharpRun(files, 4);
  log('PIL …');
  const pil1 = pilRun(listFile, 1, false);
  const pil2 = pilRun(listFile, 2, false);
  const pilDraft2 = pilRun(listFile, 2, true);

  log('batch stream: cold vs cached …');
  const cacheRoot = path.join(DIR, `cache-${process.pid}`);
  const entries = await entriesOf(files);
  const cold = await epoch(entries, new PreprocessCache(P, { dir: cacheRoot }), 0);
  const cached = await epoch(entries, new PreprocessCache(P, { dir: cacheRoot }), 1);
  const nextRun = await epoch(entries, new PreprocessCache(P, { dir: cacheRoot }), 2);
  await fs.rm(cacheRoot, { recursive: true, force: true });

  const ips = (s: number): number => Math.round(N / s);
  const summary = {
    files: N,
    size: `${SIZE}x${SIZE}x3 cover`,
    imagesPerSecond: {
      sharpConcurrency1: ips(sharp1),
      sharpConcurrency4: ips(sharp4),
      pilSingleProcess: Math.round(pil1.imagesPerSecond),
      pilPool2: Math.round(pil2.imagesPerSecond),
      pilPool2Draft: Math.round(pilDraft2.imagesPerSecond),
    },
    speedup: {
      sharp1VsPil1: +(pil1.seconds / sharp1).toFixed(2),
      sharp4VsPilPool2: +(pil2.seconds / sharp4).toFixed(2),
      sharp4VsPilPool2Draft: +(pilDraft2.seconds / sharp4).toFixed(2),
    },
    batchStream: {
      coldEpochSeconds: +cold.seconds.toFixed(3),
      cachedEpochSeconds: +cached.seconds.toFixed(3),
      nextRunEpochSeconds: +nextRun.seconds.toFixed(3),
      cachedSpeedup: +(cold.seconds / cached.seconds).toFixed(1),
      peakArrayBuffersMB: +Math.max(cold.peakArrayBuffersMB, cached.peakArrayBuffersMB).toFixed(1),
      wholeDatasetAsFloat32MB: +((N * SIZE * SIZE * 3 * 4) / 2 ** 20).toFixed(1),
    },
    goals: { sharpAtLeast3xPil: pil2.seconds / sharp4 >= 3, cachedAtLeast10x: cold.seconds / cached.seconds >= 10 },
  };
  console.log(JSON.stringify(summary));
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
