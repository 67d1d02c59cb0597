/** The architectures on offer: id, words for the UI, what input they want, and the builder. */

import type * as tf from '@tensorflow/tfjs';
import type { ArchitectureInfo } from '#contract/engine';
import { HebbError } from '../../core/errors';
import { buildCnnSmall, buildLenet5, buildVggMini } from './classic';
import type { BuildContext } from './common';
import { buildCustom } from './custom';
import { buildMlp } from './mlp';
import { buildMobilenetMini, buildResnetMini } from './residual';
import { buildTransfer } from './transfer';

export interface ArchEntry {
  id: string;
  name: string;
  description: string;
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
    name: 'Multilayer perceptron',
    description: 'Flattened pixels through dense layers (default 128 → 64, ReLU; activation and sizes adjustable). The network from the seeds; a baseline that shows what convolutions add.',
    build: buildMlp,
  },
  {
    id: 'cnn-small',
    name: 'Small CNN',
    description: 'conv 3×3·32 → max-pool → conv 3×3·64 → max-pool → dense 128 → dropout 0.5 → softmax. The seeds\' Keras model; a strong default for digits and simple objects.',
    build: buildCnnSmall,
  },
  {
    id: 'lenet5',
    name: 'LeNet-5',
    description: 'LeCun\'s 1998 digit network (conv 5×5·6 → pool → conv 5×5·16 → pool → 120 → 84), with ReLU and max-pooling; pads small inputs as LeNet padded MNIST to 32×32.',
    build: buildLenet5,
  },
  {
    id: 'vgg-mini',
    name: 'VGG mini',
    description: 'Up to three VGG blocks (two 3×3 convs + max-pool; 32, 64, 128 filters), dense 256, dropout 0.5. Deeper plain stacks: more accuracy on textured images, slower.',
    build: buildVggMini,
  },
  {
    id: 'resnet-mini',
    name: 'ResNet mini',
    description: 'Three residual stages (16, 32, 64 filters) with batch normalization and skip connections, global average pooling. Trains deep stacks stably.',
    build: buildResnetMini,
  },
  {
    id: 'mobilenet-mini',
    name: 'MobileNet mini',
    description: 'Depthwise-separable blocks with batch normalization: few parameters and little compute for the accuracy; suited to exporting to phones and the web.',
    build: buildMobilenetMini,
  },
  {
    id: 'transfer-mobilenetv2',
    name: 'Transfer learning (MobileNetV2)',
    description: 'A frozen MobileNetV2 pretrained on photos (shipped with the app, works offline) plus a trainable softmax head. Without augmentation the backbone runs once per image, so epochs after the first are quick. Best for photos with few images per class; or point it at your own TensorFlow.js model folder.',
    input: { recommended: [224, 224], minimum: 32, range: [0, 1], pretrained: true },
    // Only a softmax head learns: it takes a larger rate, and a small set needs more epochs than 10 to get enough steps
    // (72 photos at batch 32 are 2 steps an epoch). Measured in README "Transfer defaults"; Teachable Machine trains 50 epochs at batch 16.
    defaults: { learningRate: 0.01, minSteps: 100 },
    build: buildTransfer,
  },
  {
    id: 'custom',
    name: 'Custom layers',
    description: 'Your own stack of layers from the layer editor (JSON list); the softmax output layer is added automatically.',
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
