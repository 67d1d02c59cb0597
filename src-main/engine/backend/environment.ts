/** Facts about this machine that explain the ladder's choices: Node/Electron versions, the util shim, NVIDIA driver, CUDA libraries and the WebGPU adapter. */

import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import nodeUtil from 'node:util';
import type { WebGpuProbe } from '#contract/webgpu';
import { probeDawn } from './webgpu';

export interface EnvironmentFacts {
  node: string;
  electron: string | null;
  platform: string;
  /** Node ≥ 23 removed util.isNullOrUndefined, which tfjs-node 4.22 needs (we shim it). */
  utilShimNeeded: boolean;
  /** The NVIDIA kernel driver's version line, or null when no driver is loaded. */
  nvidiaDriver: string | null;
  /** CUDA 11.2 / cuDNN 8 libraries tfjs-node-gpu 4.22 links against, and whether the dynamic loader finds each. */
  cudaLibraries: { name: string; found: boolean }[];
  /** The WebGPU adapter Dawn finds (vendor, architecture, limits), or exactly why it finds none. */
  webgpu: WebGpuProbe;
}

const CUDA_LIBS = ['libcudart.so.11.0', 'libcublas.so.11', 'libcufft.so.10', 'libcusolver.so.11', 'libcudnn.so.8'];

async function ldconfigList(): Promise<string> {
  return new Promise((resolve) => {
    execFile('ldconfig', ['-p'], { timeout: 3000 }, (err, stdout) => resolve(err ? '' : stdout));
  });
}

async function inLibraryPath(name: string): Promise<boolean> {
  for (const dir of (process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean)) {
    if (await fs.access(`${dir}/${name}`).then(() => true, () => false)) return true;
  }
  return false;
}

export async function environmentFacts(): Promise<EnvironmentFacts> {
  const u = nodeUtil as unknown as Record<string, unknown>;
  const driver = await fs.readFile('/proc/driver/nvidia/version', 'utf8').then((t) => t.split('\n')[0]!.trim(), () => null);
  const linux = process.platform === 'linux';
  const ld = linux ? await ldconfigList() : '';
  const cudaLibraries = linux ? await Promise.all(CUDA_LIBS.map(async (name) => ({ name, found: ld.includes(name) || (await inLibraryPath(name)) }))) : [];
  return {
    node: process.versions.node,
    electron: process.versions.electron ?? null,
    platform: `${process.platform}-${process.arch}`,
    utilShimNeeded: typeof u.isNullOrUndefined !== 'function' || typeof u.isArray !== 'function',
    nvidiaDriver: driver,
    cudaLibraries,
    webgpu: await probeDawn(),
  };
}
