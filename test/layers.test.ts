// The import graph of src-main, src-shared and src-renderer: no cycles between files or folders, and every import
// points down the layers contract ← core ← image-format ← dataset/preprocess ← engine ← export ← service ← transports.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cycles, folderGraph, importGraph, specifiers } from './helpers/import-graph';

const root = fileURLToPath(new URL('..', import.meta.url));
const graph = importGraph(root, ['src-main', 'src-shared', 'src-renderer']);

/** Each folder's layer; an import may only reach a lower or equal layer, and equal layers are checked for cycles. */
const LAYER: Record<string, number> = {
  'src-shared/contract': 0,
  'src-main/core': 1,
  'src-main/image-format': 2,
  'src-main/dataset': 3,
  'src-main/preprocess': 3,
  'src-main/onnx': 3, // tfjs model → ONNX graph: engine runs such graphs, export writes them
  'src-main/project': 3.5, // a project's effective dataset: built on dataset/, what engine/ trains and evaluates on
  'src-main/engine': 4,
  'src-main/memory': 4,
  'src-main/export': 5,
  'src-main/service': 6,
  'src-main/worker': 7,
  'src-main/ipc': 7,
  'src-main/server': 7,
  'src-main/cli': 7,
  'src-main': 8, // index.ts, preload, window, menu, protocol: the Electron app around everything
};
const folderOf = (f: string) => f.split('/').slice(0, Math.min(2, f.split('/').length - 1)).join('/');

describe('the walker', () => {
  it('finds static, dynamic, re-export and side-effect imports, not commented ones', () => {
    const code = `import a from './a';\nimport type { B } from "../b";\nexport { c } from './c';\nimport './d';\nconst e = await import('./e');\n// import z from './z';\n/* import y from './y' */`;
    expect(specifiers(code)).toEqual(['./a', '../b', './c', './d', './e']);
  });

  it('reports a cycle and nothing for a chain', () => {
    expect(cycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual([['a', 'b', 'c']]);
    expect(cycles(new Map([['a', ['b']], ['b', ['c']], ['c', []]]))).toEqual([]);
  });

  it('sees the real tree (a walker that finds nothing proves nothing)', () => {
    expect(graph.size).toBeGreaterThan(150);
    expect(graph.get('src-main/preprocess/open.ts')).toContain('src-main/image-format/sniff.ts');
    expect(graph.get('src-main/export/run.ts')).toContain('src-main/engine/train/run-dir.ts');
  });
});

describe('the source tree', () => {
  it('has no import cycle between files', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('has no import cycle between folders (dataset ↔ preprocess, engine ↔ export …)', () => {
    expect(cycles(folderGraph(graph))).toEqual([]);
  });

  it('imports only down the layers', () => {
    const upward: string[] = [];
    for (const [file, deps] of graph) {
      if (file.startsWith('src-renderer/')) continue;
      const from = LAYER[folderOf(file)];
      expect(from, `${file}: its folder needs a layer in test/layers.test.ts`).toBeDefined();
      for (const d of deps) if (!d.startsWith('src-renderer/') && LAYER[folderOf(d)]! > from!) upward.push(`${file} → ${d}`);
    }
    expect(upward).toEqual([]);
  });

  it('keeps the renderer off Node code: it imports only itself and the contract', () => {
    const reach = [...graph].filter(([f]) => f.startsWith('src-renderer/')).flatMap(([f, deps]) => deps.filter((d) => !d.startsWith('src-renderer/') && !d.startsWith('src-shared/')).map((d) => `${f} → ${path.normalize(d)}`));
    expect(reach).toEqual([]);
  });
});
