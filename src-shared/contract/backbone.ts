/** Which runtime computes a frozen backbone's features during a run (shown in the Train view). */

import { z } from 'zod';

/** onnxruntime: the whole frozen backbone as one native graph; tfjs: layer by layer on the training backend (the fallback). */
export const BackboneRuntime = z.enum(['onnxruntime', 'tfjs']);
export type BackboneRuntime = z.infer<typeof BackboneRuntime>;

export const BackbonePath = z.object({
  runtime: BackboneRuntime,
  /** onnxruntime's intra-op threads (the ladder's native thread count). */
  threads: z.number().int().positive().optional(),
  /** Features held in memory after the first epoch (no augmentation, and they fit). */
  cached: z.boolean(),
  /** Why the faster path is not used, when it is not. */
  reason: z.string().optional(),
});
export type BackbonePath = z.infer<typeof BackbonePath>;
