import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/hebb.js', import.meta.url));

function hebb(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'bench', ...args], { encoding: 'utf8', timeout: 120_000 });
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  return { code: r.status, json: last.startsWith('{') ? JSON.parse(last) : null, stderr: r.stderr };
}

describe('hebb bench', () => {
  it('measures the reference MLP on WASM and prints the issue\'s JSON keys', () => {
    const r = hebb(['--backend', 'wasm', '--model', 'mlp', '--steps', '3', '--warmup', '1', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ backend: 'wasm', cnn_img_s: null });
    expect(r.json.mlp_samples_s).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/native ops \(onnxruntime MLAS\)/);
  });

  it('profiles any registry architecture, and refuses an unknown model', () => {
    const r = hebb(['--backend', 'wasm', '--arch', 'mobilenet-mini', '--image-size', '16', '--steps', '1', '--warmup', '0', '--profile', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ backend: 'wasm', arch: 'mobilenet-mini' });
    expect(r.json.img_s).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/mobilenet-mini: [\d.]+ CPU ms\/step/);
    expect(r.stderr).toMatch(/DepthwiseConv2dNative/);
    const bad = hebb(['--model', 'gru', '--json']);
    expect(bad.code).toBe(1);
    expect(bad.stderr + JSON.stringify(bad.json)).toMatch(/--model must be cnn, mlp or both, got "gru"/);
  });
});
