// Small hand-written contract values the renderer tests share.
import type { DatasetHandle } from '#contract/api';
import type { ArchitectureInfo } from '#contract/engine';

export const HANDLE: DatasetHandle = {
  id: 'abcd1234',
  scan: {
    root: '/data/shapes', classes: ['circles', 'squares'], counts: { circles: 10, squares: 30 }, images: 40,
    invalid: [{ path: 'squares/bad.png', reason: 'truncated PNG' }], ignored: [],
    warnings: [{ kind: 'imbalance', message: 'squares has 3× as many images as circles', items: ['squares'] }],
    splits: [], greyscale: false,
  },
  samples: { circles: ['abcd1234.0', 'abcd1234.1'], squares: ['abcd1234.10'] },
};

export const ARCHS: ArchitectureInfo[] = [
  { id: 'mlp', name: 'Multilayer perceptron', description: 'dense layers', params: 1000, layers: [] },
  { id: 'cnn-small', name: 'Small CNN', description: 'convolutions', params: 5000, layers: [] },
];

export const describe = (id: string): ArchitectureInfo => ({
  ...(ARCHS.find((a) => a.id === id) ?? { id, name: id, description: '', params: 42 }),
  layers: [{ name: 'conv1', type: 'Conv2D', outputShape: [null, 16, 16, 8], params: 224 }],
});
