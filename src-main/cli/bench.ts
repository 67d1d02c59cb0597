/** `hebb bench`: training throughput of the reference CNN and MLP on the chosen backend, optionally side by side with PyTorch. */

import type { Command } from 'commander';
import type { BackendName } from '#contract/engine';
import { HebbError } from '../core/errors';
import { cacheDir } from '../core/paths';
import { wholeNumber } from './parse';
import { compareWithTorch } from '../engine/bench/compare';
import { benchInWorker } from '../engine/bench/isolated';
import { setUpBenchBackend } from '../engine/bench/setup';
import { profileSteps } from '../engine/bench/profile';
import { architectureModel, type BenchModel } from '../engine/bench/models';
import { benchArchitecture, runBench } from '../engine/bench/runner';
import { LADDER } from '../engine/backend/index';
import { nativeAvailable, nativeThreads, wasmThreadCount } from '../engine/kernels/index';
import { action, emit, type CommonOptions } from './output';

interface BenchCliOptions extends CommonOptions {
  backend: string; threads: string; nativeThreads: string; torchThreads: string; steps?: string; warmup?: string; rounds: string; model: string; arch?: string; imageSize: string; channels: string; compareTorch?: boolean; torchAsInstalled?: boolean; profile?: boolean;
}

async function printProfile(id: 'cnn' | 'mlp' | BenchModel, steps?: number): Promise<void> {
  const p = await profileSteps(id, Math.min(steps ?? 5, 5));
  const rows = p.kernels.slice(0, 15).map((k) => `  ${k.kernel.padEnd(36)} ${String(k.ms).padStart(8)} ms  ${String(k.share).padStart(5)}%  ×${k.calls}`);
  process.stderr.write(`\n${typeof id === 'string' ? id : id.id}: ${p.stepMs} CPU ms/step (profiled)\n${rows.join('\n')}\n`);
}

function modelsOf(v: string): ('cnn' | 'mlp')[] {
  if (v === 'both') return ['cnn', 'mlp'];
  if (v === 'cnn' || v === 'mlp') return [v];
  throw new HebbError('INVALID_ARGUMENT', `--model must be cnn, mlp or both, got "${v}"`);
}

export function register(program: Command): void {
  program
    .command('bench')
    .description('Measure training speed (img/s) of the reference CNN and MLP on random data; last JSON line {"backend","cnn_img_s","mlp_samples_s"}')
    .option('--backend <name>', `auto, ${LADDER.join(', ')}`, 'auto')
    .option('--threads <n>', 'wasm: XNNPACK threads (0 = one per core); 1 = the single-threaded SIMD binary', '1')
    .option('--native-threads <n>', 'wasm: onnxruntime (MLAS) threads for large convolutions and matrix products (0 = one per core, as training uses)', '0')
    .option('--steps <n>', 'timed training steps per model (default: cnn 50, mlp 500)')
    .option('--warmup <n>', 'untimed steps first, exactly (default: cnn 5, mlp 30, lasting at least 1 s)')
    .option('--model <which>', 'cnn, mlp or both', 'both')
    .option('--arch <id>', 'instead: any architecture of the registry (e.g. resnet-mini), batch 32, 10 classes; JSON {backend, arch, img_s}')
    .option('--image-size <n>', 'with --arch: image side', '32')
    .option('--channels <n>', 'with --arch: 1 or 3', '3')
    .option('--compare-torch', 'also run scripts/bench_torch.py (PyTorch, 2 threads) back to back and print the ratios; each model runs in a fresh worker (ours) and process (PyTorch\'s). With --arch transfer-…: the frozen backbone\'s feature extraction against torchvision\'s mobilenet_v2().features (eval, no_grad)')
    .option('--torch-threads <list>', 'with --compare-torch: torch.set_num_threads settings, comma-separated; the first is the headline', '2,1')
    .option('--torch-as-installed', 'with --compare-torch: PyTorch as Debian runs it (OpenBLAS on every core, glibc malloc defaults) instead of at its best')
    .option('--rounds <n>', 'with --compare-torch: alternating rounds, medians reported', '3')
    .option('--profile', 'print where a training step spends its time, per kernel')
    .option('--json', 'last line of stdout is one JSON object')
    .action(action(async (o: BenchCliOptions) => {
      const steps = o.steps === undefined ? undefined : wholeNumber('steps', o.steps, 1);
      const warmup = o.warmup === undefined ? undefined : wholeNumber('warmup', o.warmup, 0);
      const models = modelsOf(o.model);
      const setup = { backend: o.backend as 'auto' | BackendName, wasmThreads: wholeNumber('threads', o.threads, 0), nativeThreads: wholeNumber('native-threads', o.nativeThreads, 0) };
      const report = await setUpBenchBackend(setup);
      const nThreads = report.active === 'wasm' ? await wasmThreadCount() : null;
      const gemm = report.active === 'wasm' && nativeAvailable() ? `, native ops (onnxruntime MLAS) ×${nativeThreads()} for large ones` : '';
      process.stderr.write(`backend: ${report.active}${nThreads ? ` ×${nThreads} threads` : ''}${gemm} (${report.attempts.at(-1)?.reason ?? ''})\n`);
      if (o.arch) {
        const side = wholeNumber('image-size', o.imageSize, 1), channels = wholeNumber('channels', o.channels, 1);
        if (o.compareTorch && o.arch.startsWith('transfer-')) {
          const { benchFeatures } = await import('../engine/bench/features');
          const r = await benchFeatures({
            arch: o.arch, side, steps, rounds: wholeNumber('rounds', o.rounds, 1), torchThreads: wholeNumber('torch-threads', o.torchThreads.split(',')[0]!.trim(), 1), cacheDir: cacheDir(),
            onRound: (i, us, t) => process.stderr.write(`round ${i}: ours ${us} img/s | pytorch ${t} img/s\n`),
          });
          emit(o, r, () => `${r.arch} feature extraction at ${side}×${side}, batch ${r.batch}, medians of ${r.rounds} rounds (load ${r.load.join(' → ')}): ours (${r.runtime}${r.threads ? ` ×${r.threads}` : ''}) ${r.img_s} img/s vs PyTorch ${r.torch_img_s} → ${r.ratio}×; per round ${r.ratio_paired}×`);
          return;
        }
        if (o.profile) await printProfile(await architectureModel(o.arch, side, channels), steps);
        const r = await benchArchitecture(o.arch, side, channels, { steps, warmup });
        emit(o, r, () => `backend ${r.backend}: ${r.arch} at ${side}×${side}×${channels}, batch 32: ${r.img_s} img/s`);
        return;
      }
      if (o.profile) for (const id of models) await printProfile(id, steps);
      if (o.compareTorch) {
        const r = await compareWithTorch({
          steps, warmup, models, rounds: wholeNumber('rounds', o.rounds, 1),
          ours: (model) => benchInWorker({ ...setup, model, steps, warmup }), torchAsInstalled: o.torchAsInstalled,
          threads: o.torchThreads.split(',').map((t) => wholeNumber('torch-threads', t.trim(), 1)),
          onRound: (i, us, t) => process.stderr.write(`round ${i}: ours cnn ${us.cnn_img_s} mlp ${us.mlp_samples_s} | ${[...t].map(([n, r]) => `pytorch×${n} cnn ${r.cnn_img_s} mlp ${r.mlp_samples_s}`).join(' | ')}\n`),
        });
        emit(o, r, () => [
          `backend ${r.backend} vs pytorch, medians of ${r.rounds} rounds, load ${r.load.join(' → ')}`,
          `CNN  ${r.cnn_img_s} img/s vs ${r.torch_cnn_img_s} (${r.torch_threads[0]} threads) → ${r.cnn_ratio}×; vs best ${r.torch_best_cnn_img_s} → ${r.cnn_ratio_best}×; per round vs best ${r.cnn_ratio_paired}×`,
          `MLP  ${r.mlp_samples_s} samples/s vs ${r.torch_mlp_samples_s} (${r.torch_threads[0]} threads) → ${r.mlp_ratio}×; vs best ${r.torch_best_mlp_samples_s} → ${r.mlp_ratio_best}×; per round vs best ${r.mlp_ratio_paired}×`,
        ].join('\n'));
        return;
      }
      const r = await runBench({ steps, warmup, models });
      emit(o, r, () => `backend ${r.backend}: CNN ${r.cnn_img_s} img/s, MLP ${r.mlp_samples_s} samples/s`);
    }));
}
