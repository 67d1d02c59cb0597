/**
 * Benchmark (not a test): `hebb eval` of 1,000 MNIST test images on a cnn-small run, ours (one onnxruntime session
 * of our own ONNX export, engine/evaluate/inference.ts) against raw onnxruntime-node on the very same exported
 * graph, in alternating rounds; and once on the tfjs fallback, for contrast. Run: `npm run bench:eval`.
 * Env: BENCH_DIR (default /tmp/hebb-bench-eval), BENCH_ROUNDS (default 5), BENCH_TEST (images, default 1000).
 * "raw" reads the PNGs with sharp (as a user's own script would) and runs batches of 32; "raw inference" times
 * session.run alone on pixels already in memory.
 */

import { execFileSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { median } from '../src-main/engine/bench/compare';
import { evaluateRun, loadRun } from '../src-main/engine/evaluate/index';
import { inferenceDir } from '../src-main/engine/evaluate/inference';
import { nativeThreads } from '../src-main/engine/kernels/native';
import { setOrtInferenceDisabled } from '../src-main/engine/ort/session';
import { normalizeConfig } from '../src-main/engine/train/config';
import { runTrainingJob } from '../src-main/engine/train/job';

const DIR = process.env.BENCH_DIR ?? '/tmp/hebb-bench-eval';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const TEST = Number(process.env.BENCH_TEST ?? 1000);
const DATA = path.join(DIR, `mnist-${TEST}`);
const RUN = path.join(DIR, `run-${TEST}`);
const log = (...a: unknown[]): void => console.error(...a);

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.name.endsWith('.png')) out.push(p);
  }
  return out.sort();
}

async function main(): Promise<void> {
  process.env.HEBB_HOME ??= path.join(DIR, 'home');
  if (!existsSync(path.join(DATA, 'test'))) {
    log(`writing MNIST PNGs to ${DATA} …`);
    execFileSync('/usr/bin/python3', [path.resolve('scripts/reference/mnist_to_png.py'), DATA, '--train', '2000', '--test', String(TEST)]);
  }
  if (!existsSync(path.join(RUN, 'model', 'model.json'))) {
    log('training cnn-small for 1 epoch …');
    await fs.rm(RUN, { recursive: true, force: true });
    const end = await runTrainingJob(normalizeConfig({ data: path.join(DATA, 'train'), arch: 'cnn-small', epochs: 1, imageWidth: 28, imageHeight: 28, seed: 1 }), { runDir: RUN });
    if (end.status !== 'completed') throw new Error(`training failed: ${end.error?.message}`);
  }
  const test = path.join(DATA, 'test');
  const first = await evaluateRun(RUN, test); // builds the graph once and fills the preprocessing cache: both sides then read warm files
  const graph = path.join(inferenceDir(RUN), (await fs.readdir(inferenceDir(RUN))).find((f) => f.endsWith('.onnx'))!);
  const files = await walk(test);
  const session = await ort.InferenceSession.create(graph, { intraOpNumThreads: nativeThreads(), interOpNumThreads: 1 });
  const load = async (f: string) => Float32Array.from((await sharp(f).greyscale().raw().toBuffer()), (v) => v / 255);

  const raw = async (pixels?: Float32Array[]) => {
    const t0 = performance.now();
    const px = pixels ?? (await Promise.all(files.map(load)));
    const t1 = performance.now();
    for (let lo = 0; lo < px.length; lo += 32) {
      const batch = px.slice(lo, lo + 32);
      const x = new Float32Array(batch.length * 784);
      batch.forEach((p, i) => x.set(p, i * 784));
      await session.run({ image: new ort.Tensor('float32', x, [batch.length, 28, 28, 1]) });
    }
    return { total: (performance.now() - t0) / 1000, inference: (performance.now() - t1) / 1000 };
  };
  const ours = async () => { const t0 = performance.now(); await evaluateRun(RUN, test); return (performance.now() - t0) / 1000; };
  const pixels = await Promise.all(files.map(load));

  const o: number[] = [], r: number[] = [], ri: number[] = [];
  const load0 = os.loadavg()[0]!;
  for (let round = 0; round < ROUNDS; round++) {
    const a = round % 2 === 0 ? await raw() : null;
    const us = await ours();
    const b = a ?? (await raw());
    const inf = await raw(pixels);
    o.push(us); r.push(b.total); ri.push(inf.inference);
    log(`round ${round + 1}: ours ${us.toFixed(3)} s | raw onnxruntime (sharp decode + run) ${b.total.toFixed(3)} s | raw session.run only ${inf.inference.toFixed(3)} s`);
  }
  setOrtInferenceDisabled(true);
  const later = new Date(Date.now() + 1000);
  await fs.utimes(path.join(RUN, 'model', 'model.json'), later, later); // reload the run on the tfjs fallback
  if ((await loadRun(RUN)).inference.runtime !== 'tfjs') throw new Error('fallback not taken');
  const tfjs = await ours();
  const s = (v: number) => +v.toFixed(3);
  const m = { ours: median(o)!, raw: median(r)!, rawInference: median(ri)! };
  console.log(JSON.stringify({
    images: files.length, accuracy: first.accuracy, rounds: ROUNDS, threads: nativeThreads(),
    seconds: { ours: s(m.ours), rawOnnxruntime: s(m.raw), rawSessionRunOnly: s(m.rawInference), oursTfjsFallback: s(tfjs) },
    imagesPerSecond: { ours: Math.round(files.length / m.ours), rawOnnxruntime: Math.round(files.length / m.raw), rawSessionRunOnly: Math.round(files.length / m.rawInference), oursTfjsFallback: Math.round(files.length / tfjs) },
    oursVsRaw: s(m.ours / m.raw), oursVsRawSessionRunOnly: s(m.ours / m.rawInference),
    load: [load0, os.loadavg()[0]!].map((v) => +v.toFixed(2)),
  }));
}

void main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
