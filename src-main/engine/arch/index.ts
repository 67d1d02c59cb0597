/** Architectures: build a model from a spec (not compiled; the trainer compiles), describe it, and list what is on offer for an input. */

import * as tf from '@tensorflow/tfjs';
import type { ArchitectureInfo, LayerSpec, TrainConfig } from '#contract/engine';
import { HebbError } from '../../core/errors';
import { quietCpuBanner } from '../backend/loaders';
import { makeContext } from './common';
import { ARCHITECTURES, findArchitecture, requireArchitecture } from './registry';

export { validateLayers } from './custom';
export { pinFrozenBatchNorm } from './freeze';
export { transferParts } from './transfer';
export { ARCHITECTURES } from './registry';

// Describing models happens on tfjs's default CPU backend in the process serving the UI (training runs in a worker
// on the best backend), so tfjs's "install our node backend" banner would be misleading there.
quietCpuBanner();

export interface ModelSpec {
  arch: string;
  /** [height, width, channels] of the preprocessed images. */
  inputShape: [number, number, number];
  numClasses: number;
  options?: TrainConfig['archOptions'];
  /** For arch 'custom'. */
  layers?: LayerSpec[];
  /** L2 factor on every kernel. @default 0 */
  l2?: number;
  /** Seeds every kernel initialiser (not dropout; see common.ts): same seed, same initial weights. @default unseeded */
  seed?: number;
}

function checkSpec(spec: ModelSpec): void {
  const [h, w, c] = spec.inputShape ?? [];
  if (![h, w, c].every((v) => Number.isInteger(v) && (v as number) >= 1)) {
    throw new HebbError('INVALID_ARGUMENT', `input shape must be three whole numbers [height, width, channels] (got ${JSON.stringify(spec.inputShape)})`);
  }
  if (c !== 1 && c !== 3) throw new HebbError('INVALID_ARGUMENT', `images must have 1 or 3 channels (got ${c})`);
  if (!Number.isInteger(spec.numClasses) || spec.numClasses < 2) {
    throw new HebbError('INVALID_ARGUMENT', `a classifier needs at least 2 classes (got ${spec.numClasses})`);
  }
}

/** Build the model for `spec`. Throws INVALID_ARCHITECTURE for an unknown id or bad layers. */
export async function buildModel(spec: ModelSpec): Promise<tf.LayersModel> {
  const entry = requireArchitecture(spec.arch);
  checkSpec(spec);
  const ctx = makeContext({ inputShape: spec.inputShape, numClasses: spec.numClasses, options: spec.options, l2: spec.l2, seed: spec.seed });
  if (entry.id === 'custom' && !spec.layers) throw new HebbError('INVALID_ARCHITECTURE', "architecture 'custom' needs a list of layers");
  return entry.build(ctx, spec.layers);
}

/** Layer table and parameter counts of the model `spec` would build (built and disposed). */
export async function describeModel(spec: ModelSpec): Promise<ArchitectureInfo> {
  const entry = findArchitecture(spec.arch);
  const model = await buildModel(spec);
  try {
    const trainableParams = model.trainableWeights.reduce((n, w) => n + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0);
    return {
      id: entry!.id,
      params: model.countParams(),
      trainableParams,
      ...(entry!.input ? { input: entry!.input } : {}),
      layers: model.layers.filter((l) => l.getClassName() !== 'InputLayer').map((l) => ({
        name: l.name,
        type: l.getClassName(),
        outputShape: (Array.isArray(l.outputShape[0]) ? l.outputShape[0] : l.outputShape) as (number | null)[],
        params: l.countParams(),
      })),
    };
  } finally {
    model.dispose();
  }
}

/** Every architecture (except 'custom') described for this input; ones that cannot take it come back with params -1 and the reason. */
export async function listArchitectures(input: { width: number; height: number; channels: 1 | 3; classes: number }): Promise<ArchitectureInfo[]> {
  const out: ArchitectureInfo[] = [];
  for (const entry of ARCHITECTURES) {
    if (entry.id === 'custom') continue;
    const spec: ModelSpec = { arch: entry.id, inputShape: [input.height, input.width, input.channels], numClasses: Math.max(2, input.classes) };
    try {
      out.push(await describeModel(spec));
    } catch (err) {
      out.push({ id: entry.id, params: -1, unavailable: (err as Error).message, ...(entry.input ? { input: entry.input } : {}), layers: [] });
    }
  }
  return out;
}

