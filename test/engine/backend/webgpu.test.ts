// The WebGPU rung's adapter probe: Dawn's stderr becomes the reason, an adapter becomes vendor/architecture/limits.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { WebGpuProbeSchema } from '#contract/webgpu';
import { dawnReason, describeAdapter, probeDawn } from '../../../src-main/engine/backend/webgpu';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hebb-webgpu-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A stand-in for the `webgpu` package: `create()` → a GPU whose requestAdapter resolves to `adapter` after printing `stderr`. */
function fakeDawn(name: string, adapter: unknown, stderr = ''): string {
  const file = path.join(tmp, `${name}.mjs`);
  fs.writeFileSync(file, `export const globals = {};\nexport function create() { return { requestAdapter: async () => { process.stderr.write(${JSON.stringify(stderr)}); return ${JSON.stringify(adapter)}; } }; }\n`);
  return pathToFileURL(file).href;
}

const LAVAPIPE = [
  'error: XDG_RUNTIME_DIR is invalid or not set in the environment.',
  'Warning: Vulkan shaderUniform*ArrayDynamicIndexing required.',
  ' - While initializing adapter (backend=BackendType::Vulkan)',
  '    at InitializeImpl (/home/runner/work/node-webgpu/node-webgpu/third_party/dawn/src/dawn/native/vulkan/PhysicalDeviceVk.cpp:257)',
  '',
].join('\n');

describe('dawnReason', () => {
  it("keeps Dawn's explanation and drops source locations and the XDG noise", () => {
    expect(dawnReason(LAVAPIPE)).toBe('Vulkan shaderUniform*ArrayDynamicIndexing required — While initializing adapter (backend=BackendType::Vulkan)');
  });
});

describe('probeDawn', () => {
  it('says the package is missing when it is not installed', async () => {
    expect(await probeDawn(null)).toEqual({ ok: false, via: 'dawn', reason: expect.stringMatching(/^package webgpu \(Dawn for Node\) is not installed/) });
  });

  it("reports no adapter with the words Dawn printed on the child's stderr", async () => {
    const p = await probeDawn(fakeDawn('none', null, LAVAPIPE));
    expect(p).toEqual({ ok: false, via: 'dawn', reason: 'Dawn found no WebGPU adapter: Vulkan shaderUniform*ArrayDynamicIndexing required — While initializing adapter (backend=BackendType::Vulkan)' });
  });

  it('reports the adapter found: vendor, architecture, limits', async () => {
    const limits = { maxBufferSize: 2 ** 31, maxStorageBufferBindingSize: 2 ** 30, maxComputeWorkgroupStorageSize: 32768, maxComputeInvocationsPerWorkgroup: 1024, maxComputeWorkgroupSizeX: 1024 };
    const p = await probeDawn(fakeDawn('amd', { info: { vendor: 'amd', architecture: 'rdna-3', device: '', description: 'AMD Radeon RX 7600' }, limits }));
    expect(WebGpuProbeSchema.parse(p)).toEqual({ ok: true, via: 'dawn', adapter: { vendor: 'amd', architecture: 'rdna-3', device: '', description: 'AMD Radeon RX 7600', isFallbackAdapter: false, limits } });
    expect(describeAdapter(p)).toBe('adapter amd rdna-3 AMD Radeon RX 7600 via dawn; max buffer 2048 MiB, storage binding 1024 MiB, 1024 invocations per workgroup');
  });

  it('turns a crashing probe into a reason, not an exception', async () => {
    const file = path.join(tmp, 'crash.mjs');
    fs.writeFileSync(file, 'process.stderr.write("Warning: device lost\\n"); process.exit(3);\n');
    const p = await probeDawn(pathToFileURL(file).href);
    expect(p).toEqual({ ok: false, via: 'dawn', reason: "Dawn's adapter probe failed: device lost" });
  });

  it('on this machine: the real Dawn either names its adapter or says exactly why it has none', async () => {
    const p = WebGpuProbeSchema.parse(await probeDawn());
    if (p.ok) expect(p.adapter.limits.maxBufferSize).toBeGreaterThan(0);
    else expect(p.reason).toMatch(/^(Dawn found no WebGPU adapter|package webgpu)/);
  });
});
