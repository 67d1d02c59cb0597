/** The backend ladder: take the best tfjs backend that loads and can train the chosen model, and say why the better ones were skipped. */

import * as tf from '@tensorflow/tfjs';
import type { BackendName, BackendReport } from '#contract/engine';
import { HebbError } from '../../core/errors';
import { defaultLoaders, quietCpuBanner, type Loaders } from './loaders';
import { loadFailureReason, messageOf, trainFailureReason } from './reasons';

export type { Loaders, Loader } from './loaders';
export { applyUtilShim } from './shim';

/** Best first. */
export const LADDER: readonly BackendName[] = ['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'];

export interface InitBackendOptions {
  /** 'auto' walks the ladder; a name forces that backend or fails with its reason. @default 'auto' */
  prefer?: 'auto' | BackendName;
  /** Probe: one training step of the chosen model on the current backend; throws when a kernel is missing. */
  canTrain?: (tf: typeof import('@tensorflow/tfjs')) => Promise<void>;
  /** Replace rungs' loaders (tests simulate absent packages and dlopen failures). @default the real packages */
  loaders?: Partial<Loaders>;
}

let active: BackendReport | null = null;

/** The report of the last successful `initBackend`, or null before one. */
export function activeBackend(): BackendReport | null {
  return active;
}

type Attempt = BackendReport['attempts'][number];

/** Try one rung: load, switch tf to it, verify, probe training. Resolves to the attempt record; never throws. */
async function tryRung(backend: BackendName, loaders: Loaders, canTrain: InitBackendOptions['canTrain']): Promise<Attempt> {
  const loader = loaders[backend];
  let note: string | void | undefined;
  try {
    const loaded = await loader.load();
    note = loaded.note;
    const ok = await tf.setBackend(loaded.tfName);
    if (!ok) throw new Error(`tfjs could not initialise the '${loaded.tfName}' backend`);
    await tf.ready();
  } catch (err) {
    return { backend, ok: false, reason: loadFailureReason(backend, err) };
  }
  try {
    const extra = await loader.verify?.();
    if (extra) note = note ? `${note}; ${extra}` : extra;
  } catch (err) {
    return { backend, ok: false, reason: messageOf(err) };
  }
  if (canTrain) {
    try {
      await canTrain(tf);
    } catch (err) {
      return { backend, ok: false, reason: trainFailureReason(backend, err) };
    }
  }
  return { backend, ok: true, reason: describeOk(backend, note, Boolean(canTrain)) };
}

function describeOk(backend: BackendName, note: string | void | undefined, probed: boolean): string {
  const what: Record<BackendName, string> = {
    'tensorflow-gpu': 'TensorFlow on the GPU (CUDA)',
    webgpu: 'WebGPU (tfjs-backend-webgpu on Dawn)',
    tensorflow: 'native TensorFlow on the CPU',
    wasm: 'WebAssembly (SIMD)',
    cpu: 'pure-JavaScript CPU kernels (slowest, always available)',
  };
  return [what[backend], note, probed ? 'passed a one-step training probe' : undefined].filter(Boolean).join('; ');
}

/**
 * Walk the ladder (or take the forced backend), set tfjs to the chosen backend and remember the report.
 * Throws HebbError BACKEND_UNAVAILABLE only when a forced backend fails or no rung can train the model.
 */
export async function initBackend(opts: InitBackendOptions = {}): Promise<BackendReport> {
  const loaders: Loaders = { ...defaultLoaders, ...opts.loaders };
  quietCpuBanner(); // tfjs may fall back to the CPU backend for a tensor made before the choice; the report says enough
  const prefer = opts.prefer ?? 'auto';
  if (prefer !== 'auto' && !LADDER.includes(prefer)) {
    throw new HebbError('INVALID_ARGUMENT', `unknown backend '${prefer}': choose one of auto, ${LADDER.join(', ')}`);
  }
  const rungs = prefer === 'auto' ? LADDER : [prefer];
  const attempts: Attempt[] = [];
  for (const backend of rungs) {
    const attempt = await tryRung(backend, loaders, opts.canTrain);
    attempts.push(attempt);
    if (attempt.ok) {
      active = { active: backend, attempts };
      return active;
    }
  }
  const why = attempts.map((a) => `${a.backend}: ${a.reason}`).join('; ');
  const message = prefer === 'auto' ? `no backend can train this model — ${why}` : `backend '${prefer}' cannot be used — ${why}`;
  throw new HebbError('BACKEND_UNAVAILABLE', message, undefined, { attempts });
}
