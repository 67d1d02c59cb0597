/** Runs scripts/bench_torch.py (Debian's /usr/bin/python3 with torch) and reads its JSON line; the PyTorch side of `hebb bench --compare-torch`. */

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { HebbError } from '../../core/errors';
import type { BenchResult } from '#contract/worker';

export const TORCH_SCRIPT = fileURLToPath(new URL('../../../scripts/bench_torch.py', import.meta.url));

export interface TorchOptions {
  /** @default '/usr/bin/python3' (the interpreter on PATH here is a different one, without torch) */
  python?: string;
  /** Timed steps per model. @default the script's per-model defaults (as the runner's) */
  steps?: number;
  /** @default the script's per-model defaults (as the runner's) */
  warmup?: number;
  /** torch.set_num_threads. @default 2 */
  threads?: number;
  models: ('cnn' | 'mlp')[];
  /** PyTorch as Debian runs it, without the script's BLAS-thread and malloc settings (HEBB_TORCH_AS_INSTALLED). @default false */
  asInstalled?: boolean;
}

export function runTorchBench(o: TorchOptions): Promise<BenchResult> {
  const python = o.python ?? '/usr/bin/python3';
  const args = [TORCH_SCRIPT, ...(o.steps ? ['--steps', String(o.steps)] : []), ...(o.warmup !== undefined ? ['--warmup', String(o.warmup)] : []), '--threads', String(o.threads ?? 2), '--models', o.models.join(',')];
  return new Promise((resolve, reject) => {
    const env = o.asInstalled ? { ...process.env, HEBB_TORCH_AS_INSTALLED: '1' } : process.env;
    execFile(python, args, { maxBuffer: 1 << 20, env }, (err, stdout, stderr) => {
      if (err) {
        reject(new HebbError('INTERNAL', `PyTorch reference failed (${python} ${TORCH_SCRIPT}): ${stderr.trim().split('\n').pop() ?? err.message}`));
        return;
      }
      const last = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last) as BenchResult);
      } catch {
        reject(new HebbError('INTERNAL', `PyTorch reference printed no JSON line: ${last.slice(0, 200)}`));
      }
    });
  });
}
