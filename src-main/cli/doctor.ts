/** `hebb doctor`: the GPU doctor — which backend training would use on this machine, why the better ones were skipped, and the facts behind it. */

import type { Command } from 'commander';
import type { BackendName, BackendReport } from '#contract/engine';
import { HebbError } from '../core/errors';
import { trainProbe } from '../engine/arch/probe';
import { initBackend, LADDER } from '../engine/backend/index';
import { describeAdapter } from '../engine/backend/webgpu';
import { environmentFacts, type EnvironmentFacts } from '../engine/backend/environment';
import { action, emit, type CommonOptions } from './output';

interface DoctorOptions extends CommonOptions {
  backend: 'auto' | BackendName;
  arch?: string;
  imageSize: string;
  channels: string;
}

export function register(program: Command): void {
  program
    .command('doctor')
    .description('check which training backend works here (CUDA → WebGPU → native → WASM → CPU) and why; with --arch, probe one training step of that model')
    .option('--backend <name>', `force one backend: ${LADDER.join(', ')}`, 'auto')
    .option('--arch <id>', 'probe a training step of this architecture on each backend')
    .option('--image-size <n>', 'image side for the probe', '28')
    .option('--channels <n>', '1 or 3 for the probe', '1')
    .option('--json', 'print the report as one JSON object on the last line')
    .action(action(async (opts: DoctorOptions) => {
      const env = await environmentFacts();
      const side = Number(opts.imageSize);
      const channels = Number(opts.channels);
      if (!Number.isInteger(side) || side < 1) throw new HebbError('INVALID_ARGUMENT', `--image-size must be a whole number (got ${opts.imageSize})`);
      if (channels !== 1 && channels !== 3) throw new HebbError('INVALID_ARGUMENT', `--channels must be 1 or 3 (got ${opts.channels})`);
      const canTrain = opts.arch ? trainProbe({ arch: opts.arch, inputShape: [side, side, channels], numClasses: 2 }) : undefined;
      const report = await initBackend({ prefer: opts.backend, canTrain });
      emit(opts, { ...report, probe: opts.arch ?? null, environment: env }, () => human(report, env, opts.arch));
    }));
}

function human(report: BackendReport, env: EnvironmentFacts, arch?: string): string {
  const lines = [`Training backend: ${report.active}${arch ? ` (probed with ${arch})` : ''}`, ''];
  for (const a of report.attempts) lines.push(`  ${a.ok ? '✔' : '✘'} ${a.backend.padEnd(14)} ${a.reason}`);
  lines.push('', `Node ${env.node}${env.electron ? `, Electron ${env.electron}` : ''} on ${env.platform}${env.utilShimNeeded ? ' (util shim needed for tfjs-node)' : ''}`);
  lines.push(`NVIDIA driver: ${env.nvidiaDriver ?? 'not loaded (no /proc/driver/nvidia/version)'}`);
  lines.push(`WebGPU (Dawn): ${describeAdapter(env.webgpu)}`);
  if (env.cudaLibraries.length) {
    lines.push(`CUDA 11.2 / cuDNN 8 libraries: ${env.cudaLibraries.map((l) => `${l.name} ${l.found ? 'found' : 'missing'}`).join(', ')}`);
  }
  return lines.join('\n');
}
