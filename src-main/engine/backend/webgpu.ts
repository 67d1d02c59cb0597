/**
 * The WebGPU rung in Node: Dawn (the optional `webgpu` package) under @tensorflow/tfjs-backend-webgpu. The adapter is
 * first probed in a child process, because Dawn says why it rejects a GPU only on the native stderr (e.g. "Vulkan
 * shaderUniform*ArrayDynamicIndexing required"), which the process itself cannot read back.
 */

import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { WebGpuProbeSchema, type WebGpuProbe } from '#contract/webgpu';

/** Runs in the child: ask Dawn for an adapter and print what it is, as one JSON line. */
const PROBE_SCRIPT = `
const { create } = await import(process.argv[1]);
const a = await create([]).requestAdapter({ powerPreference: 'high-performance' });
if (!a) { console.log(JSON.stringify({ adapter: null })); process.exit(0); }
const i = a.info ?? {}, l = a.limits;
console.log(JSON.stringify({ adapter: {
  vendor: i.vendor ?? '', architecture: i.architecture ?? '', device: i.device ?? '', description: i.description ?? '',
  isFallbackAdapter: Boolean(a.isFallbackAdapter ?? i.isFallbackAdapter),
  limits: { maxBufferSize: l.maxBufferSize, maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
    maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
    maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup, maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX },
} }));
process.exit(0);
`;

/** The file URL of the installed `webgpu` package's entry, or null when it is not installed. */
export function dawnEntry(): string | null {
  try {
    return pathToFileURL(createRequire(import.meta.url).resolve('webgpu')).href;
  } catch {
    return null;
  }
}

/** Dawn's own explanation lines ("Warning: …", " - While …"), without its source locations and unrelated noise. */
export function dawnReason(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l && !/^at \S+ \(/.test(l) && !/XDG_RUNTIME_DIR/.test(l));
  const unique = [...new Set(lines.map((l) => l.replace(/^Warning:\s*/, '').replace(/^- /, '')))];
  return unique.map((l) => l.replace(/\.$/, '')).join(' — ');
}

let cached: Promise<WebGpuProbe> | null = null;

/** Probe Dawn once per process (a child process, ≤ 20 s). Never throws: no adapter is a reason, not an error. */
export function probeDawn(entry: string | null = dawnEntry()): Promise<WebGpuProbe> {
  if (entry !== dawnEntry()) return runProbe(entry);
  cached ??= runProbe(entry);
  return cached;
}

function runProbe(entry: string | null): Promise<WebGpuProbe> {
  if (!entry) return Promise.resolve({ ok: false, via: 'dawn', reason: 'package webgpu (Dawn for Node) is not installed (optional; `npm install webgpu`)' });
  return new Promise((resolve) => {
    execFile(process.execPath, ['--input-type=module', '-e', PROBE_SCRIPT, entry], { timeout: 20_000, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } }, (err, stdout, stderr) => {
      const why = dawnReason(stderr);
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (err || !line) {
        resolve({ ok: false, via: 'dawn', reason: `Dawn's adapter probe failed: ${why || (err ? err.message.split('\n')[0] : 'no output')}` });
        return;
      }
      const { adapter } = JSON.parse(line) as { adapter: unknown };
      if (!adapter) {
        resolve({ ok: false, via: 'dawn', reason: `Dawn found no WebGPU adapter${why ? `: ${why}` : ' (no Vulkan, Metal or D3D12 GPU driver it accepts)'}` });
        return;
      }
      const parsed = WebGpuProbeSchema.safeParse({ ok: true, via: 'dawn', adapter });
      resolve(parsed.success ? parsed.data : { ok: false, via: 'dawn', reason: `Dawn's adapter report was malformed: ${parsed.error.message}` });
    });
  });
}

/** One line for the ladder and `hebb doctor`: which adapter, or why none. */
export function describeAdapter(p: WebGpuProbe): string {
  if (!p.ok) return p.reason;
  const a = p.adapter;
  const name = [a.vendor, a.architecture, a.description || a.device].filter(Boolean).join(' ') || 'unnamed adapter';
  const mib = (n: number): string => `${Math.round(n / 2 ** 20)} MiB`;
  return `${a.isFallbackAdapter ? 'software (fallback) ' : ''}adapter ${name} via ${p.via}; max buffer ${mib(a.limits.maxBufferSize)}, storage binding ${mib(a.limits.maxStorageBufferBindingSize)}, ${a.limits.maxComputeInvocationsPerWorkgroup} invocations per workgroup`;
}

/**
 * Make Dawn the process's navigator.gpu (tfjs-backend-webgpu registers itself only when navigator.gpu exists at import)
 * and load the backend. Throws the probe's reason when there is no adapter.
 */
export async function loadDawnBackend(): Promise<string> {
  const probe = await probeDawn();
  if (!probe.ok) throw new Error(probe.reason);
  const { create, globals } = (await import(/* @vite-ignore */ dawnEntry()!)) as { create: (flags: string[]) => unknown; globals: object };
  const g = globalThis as { navigator?: { gpu?: unknown } };
  for (const [k, v] of Object.entries(globals)) if (!(k in globalThis)) (globalThis as Record<string, unknown>)[k] = v;
  if (!g.navigator?.gpu) {
    const gpu = create([]);
    if (g.navigator) Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
    else Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
  }
  await import('@tensorflow/tfjs-backend-webgpu');
  return describeAdapter(probe);
}
