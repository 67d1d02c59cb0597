/** Export shapes: formats and the parity check that proves an export predicts like the studio. */

import { z } from 'zod';
import type { FitMode } from './dataset';

export const EXPORT_FORMATS = ['tfjs', 'onnx', 'keras', 'tflite'] as const;
export const ExportFormat = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof ExportFormat>;

/** TFLite weight/activation precision: float32, int8 weights with float compute, or full-integer int8. */
export const TFLITE_QUANTIZE = ['none', 'dynamic', 'int8'] as const;
export const TfliteQuantize = z.enum(TFLITE_QUANTIZE);
export type TfliteQuantize = z.infer<typeof TfliteQuantize>;

/** A quantised TFLite file scored against the float model on the run's validation split. */
export interface QuantizedValidation {
  images: number;
  floatAccuracy: number;
  quantizedAccuracy: number;
  /** Share of validation images where the quantised file's top class is the float model's. */
  argmaxAgreement: number;
}

export interface ParityResult {
  runtime: string;
  samples: number;
  maxAbsDiff: number;
  argmaxAgreement: number;
  passed: boolean;
  /** Where the sample images came from: the run's dataset, or generated inputs when the dataset is not reachable. */
  sampleSource?: 'dataset' | 'generated';
  /** The tolerance the check used. @default 1e-4 */
  tolerance?: number;
  /** What the runtime actually checked (e.g. "bit-exact weights + predictions recomputed with torch"). */
  method?: string;
  /** Quantised TFLite only, when the run has a validation split: float vs quantised accuracy on it. */
  validation?: QuantizedValidation;
}

export interface ExportResult {
  format: ExportFormat;
  /** TFLite only: the precision this export was written in. */
  quantize?: TfliteQuantize;
  outDir: string;
  files: string[];
  parity: ParityResult;
  /** Anything the user should know about how the export was checked (e.g. the dataset was not reachable). */
  note?: string;
}

/** How a raw image becomes the model's input; written to metadata.json and the README. */
export interface ExportPreprocess {
  width: number;
  height: number;
  channels: 1 | 3;
  fit: FitMode;
  /** Model input = pixel (0–255) × scale + offset. @default 1/255 */
  scale?: number;
  /** @default 0 */
  offset?: number;
}

/** Provenance for model-card.json: whatever the run directory knows. */
export interface ExportMeta {
  runId?: string;
  arch?: string;
  datasetHash?: string;
  classCounts?: Record<string, number>;
  config?: unknown;
  seed?: number;
  finalMetrics?: unknown;
  createdAt?: string;
}
