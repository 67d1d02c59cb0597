/** The Hebbian memory lab: stored patterns, a corrupted cue, the recall trajectory and the capacity curve. */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { CapacityPoint, MemoryReport, MemoryRule, RecallStep } from '#contract/memory';
import { useApi } from '../api';
import { pending } from './call';

/** Flip each ±1 pixel with probability `noise`, deterministically from `seed` (mulberry32). */
export function corrupt(pattern: number[], noise: number, seed: number): number[] {
  let a = seed >>> 0;
  const rand = () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
  return pattern.map((v) => (rand() < noise ? -v : v));
}

export const useMemoryStore = defineStore('memory', () => {
  const picked = ref<string[]>([]);
  const size = ref(24);
  const rule = ref<MemoryRule>('storkey');
  const memoryId = ref<string | null>(null);
  const patterns = shallowRef<number[][]>([]);
  const cueOf = ref(0);
  const noise = ref(0.25);
  const cue = shallowRef<number[]>([]);
  const steps = shallowRef<RecallStep[]>([]);
  const report = ref<MemoryReport | null>(null);
  const capacity = shallowRef<CapacityPoint[]>([]);
  /** The rule the curve was measured with: the picker may have moved on since. */
  const capacityRule = ref<MemoryRule | null>(null);
  const call = pending();
  const capCall = pending();

  function togglePick(id: string): void {
    picked.value = picked.value.includes(id) ? picked.value.filter((p) => p !== id) : [...picked.value, id];
  }
  function makeCue(): void {
    const p = patterns.value[cueOf.value];
    cue.value = p ? corrupt(p, noise.value, 7 + cueOf.value) : [];
    steps.value = [];
    report.value = null;
  }
  /** The brush: flip one pixel of the cue. */
  function flip(i: number, value: number): void {
    if (!cue.value.length) return;
    const next = cue.value.slice();
    next[i] = value;
    cue.value = next;
  }
  async function store(): Promise<void> {
    const r = await call.run(useApi().call('memory:store', { imageIds: picked.value, size: size.value, rule: rule.value }));
    if (!r) return;
    memoryId.value = r.memoryId;
    patterns.value = r.patterns;
    cueOf.value = 0;
    makeCue();
  }
  async function recall(): Promise<void> {
    if (!memoryId.value) return;
    const r = await call.run(useApi().call('memory:recall', { memoryId: memoryId.value, cue: cue.value, maxSteps: 30 }));
    if (r) { steps.value = r.steps; report.value = r.report; }
  }
  async function measureCapacity(): Promise<void> {
    const measured = rule.value;
    const r = await capCall.run(useApi().call('memory:capacity', { neurons: size.value * size.value, rule: measured, seed: 1 }));
    if (r) { capacity.value = r; capacityRule.value = measured; }
  }
  return {
    picked, size, rule, memoryId, patterns, cueOf, noise, cue, steps, report, capacity, capacityRule,
    busy: call.busy, error: call.error, capBusy: capCall.busy, capError: capCall.error,
    togglePick, makeCue, flip, store, recall, measureCapacity,
  };
});
