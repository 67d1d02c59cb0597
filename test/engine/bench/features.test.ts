// `hebb bench --arch transfer-mobilenetv2 --compare-torch`: our feature extraction and torchvision's, round by round.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { benchFeatures } from '../../../src-main/engine/bench/features';
import { removeTmpDirs, tmpDir } from '../../helpers/fixtures';
import { pythonMissing } from '../../helpers/python';

afterAll(removeTmpDirs);
const missing = pythonMissing(['torch', 'torchvision']);

describe('the feature-extraction bench', () => {
  it('times the backbone on onnxruntime, and refuses an architecture without one', async () => {
    const cacheDir = path.join(await tmpDir('hebb-bench-features-'), 'cache');
    const rounds: number[] = [];
    const r = await benchFeatures({ arch: 'transfer-mobilenetv2', side: 32, batch: 4, steps: 1, rounds: 2, torch: false, cacheDir, onRound: (i) => rounds.push(i) });
    expect(rounds).toEqual([1, 2]);
    expect(r).toMatchObject({ runtime: 'onnxruntime', side: 32, batch: 4, torch_img_s: null, ratio: null, rounds: 2 });
    expect(r.img_s).toBeGreaterThan(0);
    await expect(benchFeatures({ arch: 'cnn-small', side: 32, rounds: 1, torch: false, cacheDir })).rejects.toThrow(/no frozen backbone/);
  }, 60_000);

  it.skipIf(missing)('runs torchvision\'s mobilenet_v2().features alongside and reports the ratio', async () => {
    const cacheDir = path.join(await tmpDir('hebb-bench-features-'), 'cache');
    const r = await benchFeatures({ arch: 'transfer-mobilenetv2', side: 32, batch: 2, steps: 1, rounds: 1, cacheDir });
    expect(r.torch_img_s).toBeGreaterThan(0);
    expect(r.ratio).toBeCloseTo(r.img_s! / r.torch_img_s!, 1);
  }, 120_000);
});
