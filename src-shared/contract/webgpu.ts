/** What the WebGPU rung found on this machine: the adapter (vendor, architecture, limits) or the exact reason there is none. */

import { z } from 'zod';

/** The adapter limits that decide whether tfjs-backend-webgpu can hold a model's tensors and run its kernels. */
export const WebGpuLimitsSchema = z.object({
  maxBufferSize: z.number(),
  maxStorageBufferBindingSize: z.number(),
  maxComputeWorkgroupStorageSize: z.number(),
  maxComputeInvocationsPerWorkgroup: z.number(),
  maxComputeWorkgroupSizeX: z.number(),
});

export const WebGpuAdapterSchema = z.object({
  vendor: z.string(),
  architecture: z.string(),
  device: z.string(),
  description: z.string(),
  /** A software adapter (SwiftShader, lavapipe): WebGPU works but runs on the CPU. */
  isFallbackAdapter: z.boolean(),
  limits: WebGpuLimitsSchema,
});

/** Where the probe ran ('dawn': the `webgpu` npm package in Node; 'chromium': a browser's navigator.gpu). */
export const WebGpuProbeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), via: z.enum(['dawn', 'chromium']), adapter: WebGpuAdapterSchema }),
  z.object({ ok: z.literal(false), via: z.enum(['dawn', 'chromium']), reason: z.string() }),
]);

export type WebGpuAdapter = z.infer<typeof WebGpuAdapterSchema>;
export type WebGpuProbe = z.infer<typeof WebGpuProbeSchema>;
