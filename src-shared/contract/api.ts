/**
 * The one message contract: every request the UI can make and every event the core can push, shared by
 * main's handlers, the preload, the loopback web server and the renderer's client. Imports no runtime but zod.
 */

import { z } from 'zod';
import { AugmentOptions, Channels, PreprocessOptions, SplitName, type ScanResult } from './dataset';
import {
  LayerSpec, MAX_IMAGE_SIDE, PathString, TrainConfigSchema,
  type ArchitectureInfo, type BackendReport, type BatchMetrics, type Choices, type EpochMetrics, type EvalReport, type HistogramSet,
  type LiveState, type Mistake, type Prediction, type RunSummary, type TrainEnd,
} from './engine';
import type { BackbonePath } from './backbone';
import type { LayerActivationsView } from './activations';
import { ExportFormat, TfliteQuantize, type ExportResult } from './export';
import { MemoryRule, type CapacityPoint, type MemoryReport, type RecallStep } from './memory';
import type { Result } from './errors';
import { MAX_REQUEST_BYTES, projectApi } from './project';

/** A dataset the core has opened; later calls name it by id, never by path. */
export interface DatasetHandle {
  id: string;
  scan: Omit<ScanResult, 'entries'>;
  /** A few image ids per class for thumbnails (served through the image protocol/route). */
  samples: Record<string, string[]>;
}

/** An evaluation as the UI sees it: images are named by id so the page can show them. */
export interface EvalView extends EvalReport {
  mistakes: (Mistake & { imageId: string | null })[];
  /** Image ids predicted right, per class (the diagonal of the confusion matrix), for "click a cell → its images". */
  correct?: Record<string, string[]>;
}


/** Largest base64 image a predict request may carry: three quarters of a request, the rest for the envelope. */
export const MAX_UPLOAD_BASE64 = (MAX_REQUEST_BYTES / 4) * 3;

const Id = z.string().min(1).max(256);
const Size = z.number().int().min(1).max(MAX_IMAGE_SIDE);
const ModelInput = { width: Size, height: Size, channels: Channels, classes: z.number().int().min(1).max(100_000) };
/** The Playground's image: a dataset image by id, or the bytes of a dropped / pasted / camera picture. */
const ImageInput = { imageId: z.string().min(1).max(8192).optional(), pngBase64: z.string().min(1).max(MAX_UPLOAD_BASE64).optional() };
/** A channel with no request: the HTTP client sends null for it, IPC sends nothing. */
const NoRequest = z.union([z.undefined(), z.null()], { error: 'this channel takes no request: send null or nothing' }).transform((): void => undefined);
/** Answers are our own output, typed here but not checked at run time. */
const out = <T>() => z.custom<T>(() => true);

/** Which export of a run: quantize is TFLite's precision, refused with any other format so no request asks for what it cannot get. */
const ExportTarget = { runId: Id, format: ExportFormat, quantize: TfliteQuantize.optional() };
const quantizeOnlyTflite = (r: { format: ExportFormat; quantize?: TfliteQuantize }, ctx: z.RefinementCtx) => {
  if (r.quantize !== undefined && r.format !== 'tflite') ctx.addIssue({ code: 'custom', path: ['quantize'], message: `applies only to format "tflite" (got format "${r.format}")` });
};

/** Every request and its answer, per channel: the runtime validator and the static type in one object. */
export const api = {
  'app:info': { req: NoRequest, res: out<{ version: string; backend: BackendReport | null; platform: string }>() },
  /** Picks (on first call) and reports the compute backend, with why each rung of the ladder was or was not taken. */
  'app:backend': { req: NoRequest, res: out<BackendReport>() },
  /** The lists the main side's registries decide (architectures, optimizers, …), for the Model view and validation. */
  'app:choices': { req: NoRequest, res: out<Choices>() },
  'dataset:open': { req: z.strictObject({ path: PathString }), res: out<DatasetHandle>() },
  'dataset:images': { req: z.strictObject({ datasetId: Id, label: z.string().max(1024).optional(), split: SplitName.optional(), offset: z.number().int().min(0), limit: z.number().int().min(1).max(10_000) }), res: out<{ total: number; images: { id: string; path: string; label: string }[] }>() },
  'dataset:augmentPreview': { req: z.strictObject({ datasetId: Id, imageId: z.string().min(1).max(8192), augment: AugmentOptions, preprocess: PreprocessOptions, count: z.number().int().min(1).max(64), seed: z.number().int() }), res: out<{ pngBase64: string }>() },
  'model:list': { req: z.strictObject(ModelInput), res: out<ArchitectureInfo[]>() },
  'model:describe': { req: z.strictObject({ arch: z.string().min(1).max(100), layers: z.array(LayerSpec).max(200).optional(), ...ModelInput }), res: out<ArchitectureInfo>() },
  'train:start': { req: z.strictObject({ datasetId: Id, config: TrainConfigSchema.omit({ data: true }) }), res: out<{ runId: string; runDir: string }>() },
  'train:pause': { req: z.strictObject({ runId: Id }), res: out<void>() },
  'train:resume': { req: z.strictObject({ runId: Id }), res: out<void>() },
  'train:stop': { req: z.strictObject({ runId: Id }), res: out<void>() },
  'runs:list': { req: NoRequest, res: out<RunSummary[]>() },
  'runs:metrics': { req: z.strictObject({ runId: Id }), res: out<{ epochs: EpochMetrics[]; batches: BatchMetrics[] }>() },
  'eval:run': { req: z.strictObject({ runId: Id, datasetId: Id, split: SplitName.optional() }), res: out<EvalView>() },
  'predict:image': { req: z.strictObject({ runId: Id, ...ImageInput, topK: z.number().int().min(1).max(1000) }), res: out<Prediction & { saliencyPngBase64: string | null; /** Best classes first, named by the run's own labels. */ topK?: { label: string; probability: number }[] }>() },
  /** The feature maps of the run's convolution / pooling / normalisation / activation layers for the same image input. */
  'predict:activations': { req: z.strictObject({ runId: Id, ...ImageInput }), res: out<LayerActivationsView>() },
  'export:run': { req: z.strictObject({ ...ExportTarget, outDir: PathString.optional() }).superRefine(quantizeOnlyTflite), res: out<ExportResult>() },
  /** The run's export folder for that format (and precision) as one zip, for a browser that cannot reach the folder. */
  'export:archive': { req: z.strictObject(ExportTarget).superRefine(quantizeOnlyTflite), res: out<{ fileName: string; zipBase64: string }>() },
  'memory:store': { req: z.strictObject({ imageIds: z.array(z.string().min(1).max(8192)).min(1).max(64), size: z.number().int().min(2).max(128), rule: MemoryRule }), res: out<{ memoryId: string; neurons: number; patterns: number[][] }>() },
  'memory:recall': { req: z.strictObject({ memoryId: Id, cue: z.array(z.number().finite()).min(1).max(128 * 128), maxSteps: z.number().int().min(1).max(10_000) }), res: out<{ steps: RecallStep[]; report: MemoryReport }>() },
  'memory:capacity': { req: z.strictObject({ neurons: z.number().int().min(2).max(100_000), rule: MemoryRule, seed: z.number().int() }), res: out<CapacityPoint[]>() },
  ...projectApi,
} as const satisfies Record<string, { req: z.ZodType; res: z.ZodType }>;

/** Types derived from `api`: callers send z.input (defaults may be left out), handlers get z.output. */
export type ApiMap = { [C in keyof typeof api]: { req: z.input<(typeof api)[C]['req']>; res: z.output<(typeof api)[C]['res']> } };
export type HandlerReq<C extends Channel> = z.output<(typeof api)[C]['req']>;

export interface EventMap {
  'scan:progress': { done: number; total: number };
  'train:batch': { runId: string } & BatchMetrics;
  'train:epoch': { runId: string } & EpochMetrics;
  'train:histograms': { runId: string } & HistogramSet;
  'train:status': { runId: string; state: LiveState; backend?: BackendReport; note?: string; backbone?: BackbonePath };
  'train:end': { runId: string } & TrainEnd;
}

export type Channel = keyof ApiMap;
export type EventName = keyof EventMap;
export type Req<C extends Channel> = ApiMap[C]['req'];
export type Res<C extends Channel> = ApiMap[C]['res'];

/** What every transport's client exposes to the renderer. */
export interface ApiClient {
  call<C extends Channel>(channel: C, req: Req<C>): Promise<Result<Res<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
}

/** What the core implements; the IPC and HTTP transports wrap it. */
export type ApiHandlers = { [C in Channel]: (req: HandlerReq<C>) => Promise<Res<C>> };

/**
 * What the Electron preload exposes as `window.hebb`: the typed call/on pair (channels checked in main against
 * ApiMap) and how to name a dataset image as a URL (the custom image protocol).
 */
export interface HebbBridge extends ApiClient {
  imageUrl(imageId: string, size?: number): string;
}
