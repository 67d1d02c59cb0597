/** Runs one engine task (evaluate, predict, activations, export) in the worker that received it; the backend is chosen once per worker. */

import type { EngineTask, EngineTaskResults } from '#contract/worker';
import { HebbError } from '../core/errors';
import { activeBackend, initBackend } from '../engine/backend/index';

async function ensureBackend(): Promise<void> {
  if (!activeBackend()) await initBackend();
}

/** The one image a predict or activations task is about: a file path, or the bytes the page sent. */
function imageOf(r: { task: string; file?: string; bytes?: Uint8Array }): string | Buffer {
  const input = r.file ?? (r.bytes ? Buffer.from(r.bytes) : null);
  if (input === null) throw new HebbError('INVALID_ARGUMENT', `${r.task} needs an image file or image bytes`);
  return input;
}

export async function runEngineTask(r: EngineTask): Promise<EngineTaskResults[EngineTask['task']]> {
  await ensureBackend();
  switch (r.task) {
    case 'evaluate': {
      const { evaluateRun } = await import('../engine/evaluate/index');
      return evaluateRun(r.runDir, r.dataRoot, { split: r.split });
    }
    case 'predict': {
      const { predictImage } = await import('../engine/evaluate/index');
      return predictImage(r.runDir, imageOf(r), { topK: r.topK, saliency: r.saliency });
    }
    case 'activations': {
      const { layerActivations } = await import('../engine/evaluate/index');
      return layerActivations(r.runDir, imageOf(r));
    }
    case 'export': {
      const { exportRun } = await import('../export/run');
      return exportRun(r.runDir, r.format, r.outDir, { ...(r.quantize ? { quantize: r.quantize } : {}) });
    }
    default:
      throw new HebbError('INVALID_ARGUMENT', `unknown engine task '${(r as { task: string }).task}'`);
  }
}
