/** What an export is asked for: the model, its labels and preprocessing, the format, and each format's extras. */

import type * as tf from '@tensorflow/tfjs';
import type { ExportFormat, ExportMeta, ExportPreprocess, TfliteQuantize } from '#contract/export';

export interface LabelledPixels { pixels: Float32Array; labels: number[] }

export interface TfliteExtra {
  /** @default 'none' */
  quantize?: TfliteQuantize;
  /** ~200 training images for int8 calibration. @default the parity sample */
  calibration?: Float32Array;
  /** The validation split, on which the card reports float and int8 accuracy. */
  validation?: LabelledPixels;
}

export interface ExportOptions {
  model: tf.LayersModel;
  /** Class names in output order. */
  labels: string[];
  preprocess: ExportPreprocess;
  format: ExportFormat;
  outDir: string;
  /** Pixel images (0–255, NHWC, at the model's input size) for the parity check. @default 8 generated images */
  sample?: Float32Array;
  /** Where `sample` came from. @default 'dataset' when a sample is given */
  sampleSource?: 'dataset' | 'generated';
  /** Provenance for model-card.json. @default {} */
  meta?: ExportMeta;
  /** TFLite only: precision and the images int8 is calibrated and scored on. @default { quantize: 'none' } */
  tflite?: TfliteExtra;
}
