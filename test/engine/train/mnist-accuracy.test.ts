// The engine's accuracy check on the WASM backend: `hebb train` against the PyTorch reference on the same real MNIST
// subset, architecture, split, epochs, batch size, optimizer and learning rate (scripts/reference/compare_mnist.sh).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTmpDirs, tmpDir } from '../../helpers/fixtures';
import { PYTHON, pythonMissing } from '../../helpers/python';

afterAll(removeTmpDirs);

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const run = promisify(execFile);
const COMMON = ['--epochs', '3', '--batch-size', '32', '--lr', '0.001', '--optimizer', 'adam', '--seed', '42'];

const missing = pythonMissing(['torch', 'PIL', 'numpy'], 'the MNIST accuracy comparison');

let data: string;
let root: string;

beforeAll(async () => {
  if (missing) return;
  root = await tmpDir('hebb-mnist-acc-');
  data = path.join(root, 'mnist');
  await run(PYTHON, [path.join(repo, 'scripts/reference/mnist_to_png.py'), data, '--train', '2000', '--test', '500']);
}, 120_000);

describe.skipIf(missing !== null)('held-out MNIST accuracy, cnn-small, WASM backend vs PyTorch', () => {
  it('trains on wasm and lands within 2 points of PyTorch (or above it)', async () => {
    const train = path.join(data, 'train'), test = path.join(data, 'test');
    const [ours, torch] = await Promise.all([
      run(process.execPath, [path.join(repo, 'bin/hebb.js'), 'train', '--backend', 'wasm', '--arch', 'cnn-small', '--data', train, '--test', test,
        '--image-size', '28', '--out', path.join(root, 'run'), ...COMMON, '--json'], { env: { ...process.env, HEBB_HOME: path.join(root, 'home') }, maxBuffer: 1 << 24 }),
      run(PYTHON, [path.join(repo, 'scripts/reference/torch_train.py'), '--arch', 'cnn-small', '--data', train, '--test', test, ...COMMON, '--json'], { maxBuffer: 1 << 24 }),
    ]);
    const last = (s: string) => JSON.parse(s.trim().split('\n').at(-1)!) as Record<string, unknown>;
    const h = last(ours.stdout), t = last(torch.stdout);
    expect(h).toMatchObject({ ok: true, status: 'completed', backend: 'wasm', epochsDone: 3 });
    const acc = h.testAccuracy as number, ref = t.testAccuracy as number;
    console.info(`MNIST 2000/500 cnn-small 3 epochs: hebb (wasm) ${acc}, pytorch ${ref}`);
    expect(ref).toBeGreaterThan(0.8); // the reference itself learned: otherwise the comparison says nothing
    expect(acc).toBeGreaterThanOrEqual(ref - 0.02);
  }, 300_000);
});
