/** The architectures on offer: id, what input they want, training defaults, and the builder. */

import type * as tf from '@tensorflow/tfjs';
import type { ArchitectureInfo } from '#contract/engine';
import { HebbError } from '../../core/errors';
import { buildCnnSmall, buildLenet5, buildVggMini } from './classic';
import type { BuildContext } from './common';
import { buildCustom } from './custom';
import { buildMlp } from './mlp';
import { buildMobilenetMini, buildResnetMini } from './residual';
import { buildTransfer } from './transfer';

/** The words for each architecture live in the renderer's catalogues (`arch.<id>`), in every language. */
export interface ArchEntry {
  id: string;
  /** Input the architecture needs or prefers (absent: any size, any channels). */
  input?: ArchitectureInfo['input'];
  /** Training defaults of its own, used where the caller left the field out. @default the general ones (train/config.ts) */
  defaults?: ArchTrainingDefaults;
  build(ctx: BuildContext, layers?: unknown): tf.LayersModel | Promise<tf.LayersModel>;
}

export interface ArchTrainingDefaults {
  learningRate?: number;
  /** Without an explicit epoch count, train for at least this many optimizer steps (more epochs on a small set). */
  minSteps?: number;
}

export const ARCHITECTURES: ArchEntry[] = [
  {
    id: 'mlp',
    build: buildMlp,
  },
  {
    id: 'cnn-small',
    build: buildCnnSmall,
  },
  {
    id: 'lenet5',
    build: buildLenet5,
  },
  {
    id: 'vgg-mini',
    build: buildVggMini,
  },
  {
    id: 'resnet-mini',
    build: buildResnetMini,
  },
  {
    id: 'mobilenet-mini',
    build: buildMobilenetMini,
  },
  {
    id: 'transfer-mobilenetv2',
    input: { recommended: [224, 224], minimum: 32, range: [0, 1], pretrained: true },
    // Only a softmax head learns: it takes a larger rate, and a small set needs more epochs than 10 to get enough steps
    // (72 photos at batch 32 are 2 steps an epoch). Measured in README "Transfer defaults"; Teachable Machine trains 50 epochs at batch 16.
    defaults: { learningRate: 0.01, minSteps: 100 },
    build: buildTransfer,
  },
  {
    id: 'custom',
    build: buildCustom,
  },
];

/** The entry for `id`, or INVALID_ARGUMENT listing the choices (checked before any data or backend is touched). */
export function requireArchitecture(id: string): ArchEntry {
  const entry = findArchitecture(id);
  if (!entry) throw new HebbError('INVALID_ARGUMENT', `unknown architecture '${id}': choose one of ${ARCHITECTURES.map((a) => a.id).join(', ')}`);
  return entry;
}

export function findArchitecture(id: string): ArchEntry | undefined {
  return ARCHITECTURES.find((a) => a.id === id);
}
