/** Model handlers: the architecture catalogue and the description (layers, parameters) of a chosen network. */

import type { ApiHandlers } from '../contract/api';
import type { ArchitectureInfo, LayerSpec } from '../contract/engine';
import { loadModule } from './modules';

interface InputShape { width: number; height: number; channels: 1 | 3; classes: number }
interface ArchModule {
  listArchitectures(input: InputShape): ArchitectureInfo[] | Promise<ArchitectureInfo[]>;
  describeModel(spec: InputShape & { arch: string; layers?: LayerSpec[] }): ArchitectureInfo | Promise<ArchitectureInfo>;
}

const arch = () => loadModule<ArchModule>('The architecture catalogue', 'engine/arch/index');

export function modelHandlers(): Pick<ApiHandlers, 'model:list' | 'model:describe'> {
  return {
    async 'model:list'(req) {
      return (await arch()).listArchitectures(req);
    },
    async 'model:describe'(req) {
      return (await arch()).describeModel(req);
    },
  };
}
