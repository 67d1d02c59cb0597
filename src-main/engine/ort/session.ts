/**
 * One onnxruntime-node session over a whole inference graph (a frozen backbone, a trained model): one native call per
 * batch instead of tfjs's per-op dispatch. Opening never throws: where onnxruntime cannot load (no binary for the
 * platform, a rejected graph) it says why, and callers keep their tfjs path.
 */

import type { InferenceSession, Tensor } from 'onnxruntime-node';

type Ort = typeof import('onnxruntime-node');

/** A graph with one float32 input and one float32 output. */
export interface OrtRunner {
  /** onnxruntime's intra-op threads for this session. */
  readonly threads: number;
  /** Runs one batch (NHWC or [n, d], as the graph declares); the output is a copy the caller owns. */
  run(x: Float32Array, dims: number[]): Promise<Float32Array>;
  release(): Promise<void>;
}

export type OrtOpen = { ok: true; runner: OrtRunner } | { ok: false; reason: string };

let ortModule: Promise<Ort | string> | null = null;
let disabled = process.env.HEBB_ORT_INFERENCE === '0';

/** Switch whole-graph inference off (tests of the tfjs fallback, HEBB_ORT_INFERENCE=0) or back on. */
export function setOrtInferenceDisabled(off: boolean): void {
  disabled = off;
}

function loadOrt(): Promise<Ort | string> {
  ortModule ??= import('onnxruntime-node').then((m) => (m.default ?? m) as Ort, (err: Error) => `onnxruntime-node does not load here (${err.message})`);
  return ortModule;
}

export interface OrtOpenOptions {
  /** Intra-op threads: the ladder's native thread count (kernels/native.ts). */
  threads: number;
  input: string;
  output: string;
}

/** Opens `model` (ONNX bytes) for inference, or says why it cannot. */
export async function openOrtSession(model: Uint8Array, o: OrtOpenOptions): Promise<OrtOpen> {
  if (disabled) return { ok: false, reason: 'switched off (HEBB_ORT_INFERENCE=0)' };
  const ort = await loadOrt();
  if (typeof ort === 'string') return { ok: false, reason: ort };
  let session: InferenceSession;
  try {
    session = await ort.InferenceSession.create(model, {
      intraOpNumThreads: o.threads, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all', logSeverityLevel: 3,
      // As for the training kernels (native.ts): pool threads spin inside a run only, not between batches, when the
      // JS thread and sharp's decoders need the cores.
      extra: { session: { intra_op: { allow_spinning: '1' }, force_spinning_stop: '1' } },
    });
  } catch (err) {
    return { ok: false, reason: `onnxruntime rejected the graph (${(err as Error).message})` };
  }
  return {
    ok: true,
    runner: {
      threads: o.threads,
      async run(x, dims) {
        const out = await session.run({ [o.input]: new ort.Tensor('float32', x, dims) });
        const t = out[o.output] as Tensor;
        return (t.data as Float32Array).slice();
      },
      release: () => session.release(),
    },
  };
}
