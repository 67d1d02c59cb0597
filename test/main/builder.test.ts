// electron-builder.yml and electron.vite.config.ts agree with each other, with package.json and with the main process.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = new URL('../../', import.meta.url);
const read = (p: string) => readFileSync(new URL(p, root), 'utf8');
const cfg = parse(read('electron-builder.yml'));
const pkg = JSON.parse(read('package.json'));
const viteCfg = read('electron.vite.config.ts');

describe('electron-builder.yml', () => {
  it('builds AppImage + deb, NSIS and dmg', () => {
    expect(cfg.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(cfg.win.target).toContain('nsis');
    expect(cfg.mac.target).toContain('dmg');
    expect(cfg.appId).toMatch(/^[a-z]+(\.[a-z0-9]+)+$/);
    expect(cfg.productName).toBe('Hebb Studio');
  });

  it('packs the built app and resources, not the sources', () => {
    expect(cfg.files).toEqual(expect.arrayContaining(['out/**', 'resources/**', 'package.json']));
    for (const f of cfg.files as string[]) expect(f).not.toMatch(/^(src-main|src-renderer|test)\b/);
    expect(cfg.asar).toBe(true);
  });

  it('unpacks every native module from asar', () => {
    const unpack = cfg.asarUnpack as string[];
    for (const mod of ['sharp', '@img', '@tensorflow/tfjs-node-gpu', 'onnxruntime-node']) expect(unpack).toContain(`node_modules/${mod}/**`);
    expect(unpack).toContain('**/*.node');
    // The natives that are installed here really live where the patterns point.
    for (const mod of ['sharp', '@img']) expect(existsSync(new URL(`node_modules/${mod}`, root)), mod).toBe(true);
    // sharp is a runtime dependency (packed); electron only a build-time one.
    expect(pkg.dependencies.sharp).toBeTruthy();
    expect(pkg.dependencies.electron).toBeUndefined();
  });
});

describe('build entries', () => {
  it('main entry, preload and worker names line up with the main process', () => {
    expect(pkg.main).toBe('out/main/index.js');
    for (const entry of ['src-main/index.ts', 'src-main/worker/train-worker.ts', 'src-main/preload.ts', 'src-renderer/index.html']) {
      expect(viteCfg, entry).toContain(entry);
      expect(existsSync(new URL(entry, root)), entry).toBe(true);
    }
    expect(viteCfg).toMatch(/'train-worker': resolve/);
    // Sandboxed preloads must be CommonJS, and index.ts loads exactly that file name.
    expect(viteCfg).toMatch(/format: 'cjs', entryFileNames: '\[name\]\.cjs'/);
    expect(read('src-main/index.ts')).toContain("'../preload/index.cjs'");
    expect(read('src-main/ipc/train-process.ts')).toContain("'train-worker.js'");
  });
});
