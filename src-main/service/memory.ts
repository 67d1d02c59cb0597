/**
 * The memory lab's API handlers: 'memory:store' learns a set of dataset images, 'memory:recall' runs a cue
 * step by step for the UI, 'memory:capacity' sweeps load vs recall. Networks live in memory, keyed by id.
 */

import { randomBytes } from 'node:crypto';
import type { ApiHandlers } from '#contract/api';
import { HebbError } from '../core/errors';
import { capacitySweep } from '../memory/capacity';
import { overlap, type Spins } from '../memory/hopfield';
import { loadPattern } from '../memory/images';
import { RECALL_THRESHOLD } from '../memory/lab';
import { createMemory, parseRule, type AssociativeMemory } from '../memory/network';

export type MemoryHandlers = Pick<ApiHandlers, 'memory:store' | 'memory:recall' | 'memory:capacity'>;

/**
 * All the memory lab needs from the service: turning an image id into the absolute path of a file inside an
 * opened dataset (the service's DatasetRegistry satisfies it; it refuses ids it never handed out).
 */
export interface MemoryContext {
  datasets: { resolveImage(imageId: string): Promise<{ file: string }> };
}

/** Biggest image side accepted (64² = 4096 neurons, a 64 MB weight matrix). */
export const MAX_SIZE = 64;
/** Networks kept at once; the oldest is forgotten first, so a long session cannot pile up weight matrices. */
export const MAX_MEMORIES = 8;
/** Largest network the capacity sweep runs on (a few seconds). */
export const CAPACITY_NEURONS = 200;
/** Snapshots sent per recall, so a 4096-neuron recall stays a small message. */
const MAX_STEPS_SENT = 64;

interface Stored { memory: AssociativeMemory; names: string[] }

export function memoryHandlers(ctx: MemoryContext): MemoryHandlers {
  const memories = new Map<string, Stored>();
  return {
    async 'memory:store'({ imageIds, size, rule }) {
      const r = parseRule(rule);
      if (!Number.isInteger(size) || size < 4 || size > MAX_SIZE) throw new HebbError('INVALID_ARGUMENT', `size must be an integer in 4..${MAX_SIZE}, got ${size}`);
      if (!Array.isArray(imageIds) || imageIds.length === 0) throw new HebbError('INVALID_ARGUMENT', 'Pick at least one image to store');
      if (imageIds.length > 256) throw new HebbError('INVALID_ARGUMENT', `At most 256 images per memory, got ${imageIds.length}`);
      const patterns: Spins[] = [];
      for (const id of imageIds) patterns.push(await loadPattern((await ctx.datasets.resolveImage(id)).file, { size }));
      const memoryId = randomBytes(6).toString('hex');
      memories.set(memoryId, { memory: createMemory(r, patterns), names: imageIds });
      while (memories.size > MAX_MEMORIES) memories.delete(memories.keys().next().value!);
      return { memoryId, neurons: size * size, patterns: patterns.map((p) => Array.from(p)) };
    },

    async 'memory:recall'({ memoryId, cue, maxSteps }) {
      const stored = memories.get(memoryId);
      if (!stored) throw new HebbError('NOT_FOUND', `No stored memory "${String(memoryId).slice(0, 40)}"; store the images again.`);
      const { memory, names } = stored;
      const n = memory.neurons;
      if (!Array.isArray(cue) || cue.length !== n) throw new HebbError('INVALID_ARGUMENT', `cue must be ${n} values of ±1`);
      const s = Int8Array.from(cue, (v) => (v > 0 ? 1 : -1));
      const steps = Number.isInteger(maxSteps) && maxSteps > 0 ? Math.min(maxSteps, 500) : 100;
      // Aim for ~8 snapshots per sweep: enough to watch the image settle, few enough to send.
      const r = memory.recall(s, { maxSteps: steps, snapshotEvery: Math.max(1, Math.floor(n / 8)) });
      const overlaps = memory.patterns.map((p) => overlap(r.state, p));
      const best = Math.max(...overlaps);
      return {
        steps: thin(r.snapshots.map((sn) => ({ step: sn.update, energy: sn.energy, state: Array.from(sn.state) })), MAX_STEPS_SENT),
        report: {
          rule: memory.rule,
          neurons: n,
          // One row per stored pattern: how close the final state is to it. Recall succeeded if one is ≥ 0.95.
          patterns: overlaps.map((m, k) => ({ name: names[k]!, overlap: m, steps: r.steps, recalled: m >= RECALL_THRESHOLD, flips: r.flips })),
          recallRate: best >= RECALL_THRESHOLD ? 1 : 0,
        },
      };
    },

    async 'memory:capacity'({ neurons, rule, seed }) {
      if (!Number.isInteger(neurons) || neurons < 16 || neurons > MAX_SIZE * MAX_SIZE) throw new HebbError('INVALID_ARGUMENT', `neurons must be an integer in 16..${MAX_SIZE * MAX_SIZE}, got ${neurons}`);
      // The sweep costs ~N³; the curve against P/N barely depends on N beyond a few hundred neurons, so it is
      // measured on at most CAPACITY_NEURONS random neurons and each point says which N it used.
      const n = Math.min(neurons, CAPACITY_NEURONS);
      return capacitySweep({ neurons: n, rule: parseRule(rule), seed: Number.isInteger(seed) ? seed : 1, trials: 3 }).points.map((p) => ({ ...p, neurons: n }));
    },
  };
}

/** Keep at most `max` steps, always including the first and the last. */
export function thin<T>(steps: T[], max: number): T[] {
  if (steps.length <= max) return steps;
  const out: T[] = [];
  for (let k = 0; k < max; k++) out.push(steps[Math.round((k * (steps.length - 1)) / (max - 1))]!);
  return out;
}
