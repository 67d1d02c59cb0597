/** Per-kernel time of training steps (tf.profile), summed by kernel name: where a step's time goes on the active backend. */

import * as tf from '@tensorflow/tfjs';
import type { BenchModel } from './models';
import { makeStepper } from './runner';

export interface KernelTime { kernel: string; ms: number; calls: number; share: number }

type Timed = { time(f: () => void): Promise<{ kernelMs: number }> };

/**
 * Time kernels in process CPU time rather than wall time, so that other processes on a loaded machine do not show
 * up as our kernels' time. Only for synchronous backends (wasm, cpu), where a kernel's work is done when f returns.
 */
function useCpuClock(): () => void {
  const b = tf.backend() as unknown as Timed;
  const name = tf.getBackend();
  if (name !== 'wasm' && name !== 'cpu') return () => {};
  const original = b.time;
  b.time = async (f) => {
    const c0 = process.cpuUsage();
    f();
    const c = process.cpuUsage(c0);
    return { kernelMs: (c.user + c.system) / 1000 };
  };
  return () => { b.time = original; };
}

/** Average CPU milliseconds per step for each kernel over `steps` profiled steps (after 3 warm-up steps). */
export async function profileSteps(id: 'cnn' | 'mlp' | BenchModel, steps = 5): Promise<{ stepMs: number; kernels: KernelTime[] }> {
  const s = makeStepper(id);
  const restore = useCpuClock();
  try {
    for (let i = 0; i < 3; i++) await s.step();
    const by = new Map<string, { ms: number; calls: number }>();
    const c0 = process.cpuUsage();
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
    const c = process.cpuUsage(c0);
    const stepMs = (c.user + c.system) / 1000 / steps;
    const total = [...by.values()].reduce((a, e) => a + e.ms, 0) || 1;
    const kernels = [...by.entries()]
      .map(([kernel, e]) => ({ kernel, ms: round(e.ms / steps), calls: Math.round(e.calls / steps), share: round((100 * e.ms) / total) }))
      .sort((a, b) => b.ms - a.ms);
    return { stepMs: round(stepMs), kernels };
  } finally {
    restore();
    s.dispose();
  }
}

const round = (v: number) => Math.round(v * 100) / 100;
