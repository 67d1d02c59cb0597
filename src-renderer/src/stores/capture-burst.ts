/**
 * One webcam burst: frames are sent to the project in batches (one edit per batch, not one per frame), and the
 * counts say what the project really got. A frame byte-identical to the one before it is not a new picture (the
 * camera delivered none since, e.g. in low light it slows below the capture rate): it is skipped, not counted.
 * The core keeps identical bytes once, so "saved" counts the distinct images it answered with, and a batch that
 * fails is counted as lost with its reason instead of vanishing from the chain.
 */
import { reactive } from 'vue';
import type { ErrorData } from '#contract/errors';

export interface Frame { dataBase64: string; originalName: string }
/** Adds frames to a class: the image keys the core answered, or the error it gave. */
export type SendFrames = (cls: string, frames: Frame[]) => Promise<{ keys: string[] } | { error: ErrorData }>;

export interface BurstCounts {
  /** Distinct frames taken. */
  captured: number;
  /** Distinct images the project holds from this burst. */
  saved: number;
  /** Frames whose bytes matched another frame of the burst (the core kept them once). */
  same: number;
  /** Frames of batches the core refused. */
  lost: number;
  /** Frames taken but not yet answered for. */
  pending: number;
  /** Why the last refused batch was refused. */
  error: ErrorData | null;
}

export const BATCH_FRAMES = 10;

export function createBurst(cls: string, send: SendFrames, batchFrames = BATCH_FRAMES) {
  const counts = reactive<BurstCounts>({ captured: 0, saved: 0, same: 0, lost: 0, pending: 0, error: null });
  const keys = new Set<string>();
  let batch: Frame[] = [];
  let previous = '';
  let chain: Promise<void> = Promise.resolve();

  async function deliver(frames: Frame[]): Promise<void> {
    // Never rejects: one failed batch must not skip every batch chained after it.
    const r = await send(cls, frames).catch((err: unknown) => ({ error: { code: 'INTERNAL', message: (err as Error).message } as ErrorData }));
    counts.pending -= frames.length;
    if ('error' in r) {
      counts.lost += frames.length;
      counts.error = r.error;
      return;
    }
    const before = keys.size;
    r.keys.forEach((k) => keys.add(k));
    counts.saved = keys.size;
    counts.same += frames.length - (keys.size - before);
  }

  /** Send what is buffered now; resolves when every batch sent so far is answered. */
  function flush(): Promise<void> {
    const frames = batch;
    batch = [];
    if (frames.length) chain = chain.then(() => deliver(frames));
    return chain;
  }

  return {
    cls,
    counts,
    /** Take a frame; false when it repeats the previous one (no new picture from the camera). */
    push(frame: Frame): boolean {
      if (frame.dataBase64 === previous) return false;
      previous = frame.dataBase64;
      batch.push(frame);
      counts.captured++;
      counts.pending++;
      if (batch.length >= batchFrames) void flush();
      return true;
    },
    /** The burst ends (button released, camera off, view closed): the last partial batch goes too. */
    finish: flush,
  };
}
export type Burst = ReturnType<typeof createBurst>;
