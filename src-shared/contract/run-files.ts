/**
 * The files a run folder holds, as schemas: what is read back from disk (by evaluate, resume, warm start, export,
 * the runs list) is checked against these, so a corrupted or hand-edited file names itself and the bad field.
 */

import { z } from 'zod';
import { FitMode } from './dataset';

/** labels.json: the class names in output order. */
export const LabelsFile = z.array(z.string()).min(1);

/** preprocess.json: how images were decoded for this run (eval and predict decode identically). */
export const PreprocessFile = z.object({
  width: z.number().int().min(1),
  height: z.number().int().min(1),
  fit: FitMode,
  channels: z.union([z.literal(1), z.literal(3)]),
  rescale: z.number().finite(),
});

const WeightSpec = z.looseObject({ name: z.string(), shape: z.array(z.number().int().min(0)), dtype: z.string() });

/** checkpoints/<id>/checkpoint.json: the manifest beside weights.bin and optimizer.bin. */
export const CheckpointManifest = z.object({
  epoch: z.number().int().min(0),
  batch: z.number().int().min(0).optional(),
  weightSpecs: z.array(WeightSpec),
  optimizerSpecs: z.array(WeightSpec),
  optimizerNames: z.array(z.string()),
  state: z.looseObject({ callbacks: z.record(z.string(), z.unknown()), elapsedSeconds: z.number().finite(), history: z.array(z.looseObject({ epoch: z.number() })), position: z.unknown().optional() }),
});
