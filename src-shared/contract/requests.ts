/**
 * The request schemas of the core channels (the project channels carry theirs in project.ts): what every
 * transport's payload must look like before a handler runs. Shapes and types only; values that depend on the
 * main side's registries (architecture, optimizer, schedule, loss, export format ids) are checked there, against
 * the registry, with the allowed ids named.
 */

import { z } from 'zod';
import type { CoreApiMap } from './api';
import { projectApi } from './project';

/** Longest string any request field may carry: paths, ids, names. Images travel as base64 and have their own cap. */
export const MAX_TEXT = 4096;
/** A base64 image a page may send for prediction (about 24 MB of PNG). */
export const MAX_IMAGE_BASE64 = 32 * 1024 * 1024;

const text = z.string().min(1).max(MAX_TEXT);
const id = text;
const whole = (min: number, max = Number.MAX_SAFE_INTEGER) => z.number().int().min(min).max(max);
const finite = z.number().finite();
const channels = z.union([z.literal(1), z.literal(3)]);
const split = z.enum(['train', 'val', 'test']);
const activation = z.enum(['relu', 'sigmoid', 'tanh', 'elu', 'selu', 'softmax', 'linear']);
const fit = z.enum(['cover', 'contain', 'fill']);
const memoryRule = z.enum(['hebb', 'storkey', 'pseudoinverse', 'modern']);
/** Channels that take no argument accept nothing, null or an empty object. */
const none = z.union([z.void(), z.null(), z.strictObject({})]);

const preprocess = z.strictObject({ width: whole(1, 4096), height: whole(1, 4096), fit, channels });
const augment = z.strictObject({
  rotationRange: finite.min(0).optional(),
  widthShiftRange: finite.min(0).optional(),
  heightShiftRange: finite.min(0).optional(),
  shearRange: finite.min(0).optional(),
  zoomRange: finite.min(0).optional(),
  horizontalFlip: z.boolean().optional(),
  verticalFlip: z.boolean().optional(),
  brightnessRange: z.tuple([finite, finite]).optional(),
  fillMode: z.enum(['nearest', 'constant', 'reflect']).optional(),
  cval: finite.min(0).max(255).optional(),
});

const size = whole(1);
const padding = z.enum(['same', 'valid']).optional();
export const layerSpec = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('conv2d'), filters: size, kernelSize: size, strides: size.optional(), padding, activation: activation.optional() }),
  z.strictObject({ type: z.literal('depthwiseConv2d'), kernelSize: size, strides: size.optional(), padding, activation: activation.optional() }),
  z.strictObject({ type: z.enum(['maxPooling2d', 'averagePooling2d']), poolSize: size, strides: size.optional() }),
  z.strictObject({ type: z.literal('globalAveragePooling2d') }),
  z.strictObject({ type: z.literal('batchNormalization') }),
  z.strictObject({ type: z.literal('dropout'), rate: finite.min(0).lt(1) }),
  z.strictObject({ type: z.literal('flatten') }),
  z.strictObject({ type: z.literal('dense'), units: size, activation: activation.optional() }),
  z.strictObject({ type: z.literal('activation'), activation }),
]);

/**
 * A training configuration as the page sends it (everything but the data, which main fills in). Ranges that need
 * no registry are checked here; a field left out gets engine/train/config.ts's default, and that file checks the
 * registry ids.
 */
export const trainConfigRequest = z.strictObject({
  project: text.optional(),
  datasetHash: text.optional(),
  test: text.optional(),
  arch: text,
  layers: z.array(layerSpec).max(256).optional(),
  archOptions: z.strictObject({
    hidden: z.array(whole(1, 1 << 16)).max(64).optional(),
    activation: activation.optional(),
    dropout: finite.min(0).lt(1).optional(),
    backbone: text.optional(),
    backboneLayer: text.optional(),
    unfreeze: whole(0, 1000).optional(),
  }).optional(),
  imageWidth: whole(1),
  imageHeight: whole(1),
  fit,
  channels: z.union([channels, z.null()]),
  epochs: whole(1, 100_000),
  batchSize: whole(1, 1 << 16),
  optimizer: text,
  learningRate: finite.gt(0),
  schedule: text,
  warmupEpochs: finite.min(0),
  loss: text,
  labelSmoothing: finite.min(0).lt(1),
  l2: finite.min(0),
  seed: z.number().int(),
  classWeights: z.enum(['none', 'balanced']),
  earlyStoppingPatience: whole(0),
  split: z.strictObject({ val: finite.min(0).max(1), test: finite.min(0).max(1), seed: z.number().int() }),
  augment,
  backend: z.enum(['auto', 'tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu']).optional(),
  checkpointEverySteps: whole(0).optional(),
  checkpointEverySeconds: finite.min(0).optional(),
  warmStartFrom: text.optional(),
}).partial().required({ arch: true });

const modelShape = { width: whole(1, 4096), height: whole(1, 4096), channels, classes: whole(1, 100_000) };

/** Every core channel's request schema; a channel missing here is a type error. */
export const coreRequests = {
  'app:info': none,
  'app:backend': none,
  'dataset:open': z.strictObject({ path: text }),
  'dataset:images': z.strictObject({ datasetId: id, label: text.optional(), split: split.optional(), offset: whole(0), limit: whole(0, 10_000) }),
  'dataset:augmentPreview': z.strictObject({ datasetId: id, imageId: id, augment, preprocess, count: whole(1, 64), seed: z.number().int() }),
  'model:list': z.strictObject(modelShape),
  'model:describe': z.strictObject({ arch: text, layers: z.array(layerSpec).max(256).optional(), ...modelShape }),
  'train:start': z.strictObject({ datasetId: id, config: trainConfigRequest }),
  'train:pause': z.strictObject({ runId: id }),
  'train:resume': z.strictObject({ runId: id }),
  'train:stop': z.strictObject({ runId: id }),
  'runs:list': none,
  'runs:metrics': z.strictObject({ runId: id }),
  'eval:run': z.strictObject({ runId: id, datasetId: id, split: split.optional() }),
  'predict:image': z.strictObject({ runId: id, imageId: id.optional(), pngBase64: z.string().min(1).max(MAX_IMAGE_BASE64).optional(), topK: whole(1, 1000) })
    .refine((r) => (r.imageId === undefined) !== (r.pngBase64 === undefined), { message: 'give exactly one of imageId and pngBase64', path: ['imageId'] }),
  'export:run': z.strictObject({ runId: id, format: text, outDir: text.optional() }),
  'memory:store': z.strictObject({ imageIds: z.array(id).min(1).max(1000), size: whole(2, 128), rule: memoryRule }),
  'memory:recall': z.strictObject({ memoryId: id, cue: z.array(finite).min(1).max(1 << 16), maxSteps: whole(1, 10_000) }),
  'memory:capacity': z.strictObject({ neurons: whole(2, 1024), rule: memoryRule, seed: z.number().int() }),
} satisfies { [C in keyof CoreApiMap]: z.ZodType };

type CoreRequests = typeof coreRequests;
/** Compile-time: each schema accepts every request its channel's type allows (the type may stay narrower). */
type Accepts<C extends keyof CoreApiMap> = CoreApiMap[C]['req'] extends z.input<CoreRequests[C]> ? true : C;
type Mismatch = { [C in keyof CoreApiMap]: Accepts<C> }[keyof CoreApiMap];
export const requestSchemasAgree: Mismatch extends true ? true : Mismatch = true;

type ProjectChannel = keyof typeof projectApi;
/** The project schemas strip unknown fields when they read a file; a request with one is refused instead. */
const strict = (s: z.ZodType): z.ZodType => (s instanceof z.ZodObject ? s.strict() : s);
const projectRequests = {} as Record<ProjectChannel, z.ZodType>;
for (const c of Object.keys(projectApi) as ProjectChannel[]) projectRequests[c] = strict(projectApi[c].req);

/** Every channel's request schema, the core's and each domain's. */
export const requestSchemas: Record<keyof CoreApiMap | ProjectChannel, z.ZodType> = { ...coreRequests, ...projectRequests };
