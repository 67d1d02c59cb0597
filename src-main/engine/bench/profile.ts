/** Per-kernel time of training steps (tf.profile), summed by kernel name: where a step's time goes on the active backend. */

import * as tf from '@tensorflow/tfjs';
import { makeStepper } from './runner';

export interface KernelTime { kernel: string; ms: number; calls: number; share: number }

/** Average milliseconds per step for each kernel over `steps` profiled steps (after 3 warm-up steps). */
export async function profileSteps(id: 'cnn' | 'mlp', steps = 5): Promise<{ stepMs: number; kernels: KernelTime[] }> {
  const s = makeStepper(id);
  try {
    for (let i = 0; i < 3; i++) await s.step();
    const by = new Map<string, { ms: number; calls: number }>();
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) {
      const info = await tf.profile(async () => { await s.step(); });
      for (const k of info.kernels) {
        const ms = await k.kernelTimeMs;
        const e = by.get(k.name) ?? { ms: 0, calls: 0 };
        e.ms += typeof ms === 'number' ? ms : 0;
        e.calls += 1;
        by.set(k.name, e);
      }
    }
    const stepMs = (performance.now() - t0) / steps;
    const total = [...by.values()].reduce((a, e) => a + e.ms, 0) || 1;
    const kernels = [...by.entries()]
      .map(([kernel, e]) => ({ kernel, ms: round(e.ms / steps), calls: Math.round(e.calls / steps), share: round((100 * e.ms) / total) }))
      .sort((a, b) => b.ms - a.ms);
    return { stepMs: round(stepMs), kernels };
  } finally {
    s.dispose();
  }
}

const round = (v: number) => Math.round(v * 100) / 100;
