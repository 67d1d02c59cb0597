/**
 * The one message contract: every request the UI can make and every event the core can push, shared by
 * main's handlers, the preload, the loopback web server and the renderer's client. Imports no runtime.
 */

import type { AugmentOptions, PreprocessOptions, ScanResult, SplitName } from './dataset';
import type {
  ArchitectureInfo, BackendReport, BatchMetrics, EpochMetrics, EvalReport, HistogramSet, LayerSpec,
  Mistake, Prediction, RunSummary, TrainConfig, TrainEnd,
} from './engine';
import type { BackbonePath } from './backbone';
import type { ExportFormat, ExportResult } from './export';
import type { CapacityPoint, MemoryReport, MemoryRule, RecallStep } from './memory';
import type { Result } from './errors';
import type { ProjectApiMap } from './project';

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

/** The channels not yet declared as zod schemas (issue 12a converts them); ApiMap joins them with the zod-declared ones. */
export interface CoreApiMap {
  'app:info': { req: void; res: { version: string; backend: BackendReport | null; platform: string } };
  /** Picks (on first call) and reports the compute backend, with why each rung of the ladder was or was not taken. */
  'app:backend': { req: void; res: BackendReport };
  'dataset:open': { req: { path: string }; res: DatasetHandle };
  'dataset:images': { req: { datasetId: string; label?: string; split?: SplitName; offset: number; limit: number }; res: { total: number; images: { id: string; path: string; label: string }[] } };
  'dataset:augmentPreview': { req: { datasetId: string; imageId: string; augment: AugmentOptions; preprocess: PreprocessOptions; count: number; seed: number }; res: { pngBase64: string } };
  'model:list': { req: { width: number; height: number; channels: 1 | 3; classes: number }; res: ArchitectureInfo[] };
  'model:describe': { req: { arch: string; layers?: LayerSpec[]; width: number; height: number; channels: 1 | 3; classes: number }; res: ArchitectureInfo };
  'train:start': { req: { datasetId: string; config: Omit<TrainConfig, 'data'> }; res: { runId: string; runDir: string } };
  'train:pause': { req: { runId: string }; res: void };
  'train:resume': { req: { runId: string }; res: void };
  'train:stop': { req: { runId: string }; res: void };
  'runs:list': { req: void; res: RunSummary[] };
  'runs:metrics': { req: { runId: string }; res: { epochs: EpochMetrics[]; batches: BatchMetrics[] } };
  'eval:run': { req: { runId: string; datasetId: string; split?: SplitName }; res: EvalView };
  'predict:image': { req: { runId: string; imageId?: string; pngBase64?: string; topK: number }; res: Prediction & { saliencyPngBase64: string | null; /** Best classes first, named by the run's own labels. */ topK?: { label: string; probability: number }[] } };
  'export:run': { req: { runId: string; format: ExportFormat; outDir?: string }; res: ExportResult };
  'memory:store': { req: { imageIds: string[]; size: number; rule: MemoryRule }; res: { memoryId: string; neurons: number; patterns: number[][] } };
  'memory:recall': { req: { memoryId: string; cue: number[]; maxSteps: number }; res: { steps: RecallStep[]; report: MemoryReport } };
  'memory:capacity': { req: { neurons: number; rule: MemoryRule; seed: number }; res: CapacityPoint[] };
}

/** Every request/response channel: CoreApiMap plus each zod-declared domain (projectApi in project.ts). */
export type ApiMap = CoreApiMap & ProjectApiMap;

export interface EventMap {
  'scan:progress': { done: number; total: number };
  'train:batch': { runId: string } & BatchMetrics;
  'train:epoch': { runId: string } & EpochMetrics;
  'train:histograms': { runId: string } & HistogramSet;
  'train:status': { runId: string; state: 'starting' | 'running' | 'paused' | 'stopping'; backend?: BackendReport; note?: string; backbone?: BackbonePath };
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
export type ApiHandlers = { [C in Channel]: (req: Req<C>) => Promise<Res<C>> };

/**
 * What the Electron preload exposes as `window.hebb`: the typed call/on pair (channels checked in main against
 * ApiMap) and how to name a dataset image as a URL (the custom image protocol).
 */
export interface HebbBridge extends ApiClient {
  imageUrl(imageId: string, size?: number): string;
}
