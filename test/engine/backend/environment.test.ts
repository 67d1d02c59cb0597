import { describe, expect, it } from 'vitest';
import { environmentFacts } from '../../../src-main/engine/backend/environment';

describe('environmentFacts', () => {
  it('reports this Node, whether the util shim is needed, and each CUDA library it looked for', async () => {
    const env = await environmentFacts();
    expect(env.node).toBe(process.versions.node);
    expect(env.utilShimNeeded).toBe(Number(process.versions.node.split('.')[0]) >= 23);
    if (process.platform === 'linux') expect(env.cudaLibraries.map((l) => l.name)).toContain('libcudart.so.11.0');
    expect(env.nvidiaDriver === null || typeof env.nvidiaDriver === 'string').toBe(true);
  });
});
