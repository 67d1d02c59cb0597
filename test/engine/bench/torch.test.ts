import { describe, expect, it } from 'vitest';
import { runTorchBench } from '../../../src-main/engine/bench/torch';
import { pythonMissing } from '../../helpers/python';

const missing = pythonMissing(['torch'], 'the PyTorch bench');

describe.skipIf(missing !== null)('runTorchBench (the PyTorch side of --compare-torch)', () => {
  it('runs PyTorch at its best by default (BLAS on one thread, malloc thresholds raised), or as installed when asked', async () => {
    const best = await runTorchBench({ models: ['mlp'], steps: 2, warmup: 0 }) as unknown as Record<string, unknown>;
    const installed = await runTorchBench({ models: ['mlp'], steps: 2, warmup: 0, asInstalled: true }) as unknown as Record<string, unknown>;
    expect(best).toMatchObject({ backend: 'pytorch', cnn_img_s: null, threads: 2, blas_threads: '1', malloc_mmap_threshold: String(32 << 20), as_installed: false });
    expect(installed).toMatchObject({ backend: 'pytorch', blas_threads: null, malloc_mmap_threshold: null, as_installed: true });
    expect(best.mlp_samples_s).toBeGreaterThan(0);
    expect(installed.mlp_samples_s).toBeGreaterThan(0);
  }, 120_000);
});
