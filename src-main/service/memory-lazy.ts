/** The memory lab's handlers (service/memory.ts, written by the memory part), loaded on first use. */

import type { ApiHandlers } from '../contract/api';
import type { ServiceContext } from './context';
import { loadModule } from './modules';

type MemoryHandlers = Pick<ApiHandlers, 'memory:store' | 'memory:recall' | 'memory:capacity'>;
interface MemoryModule { memoryHandlers(ctx: ServiceContext): MemoryHandlers }

export function memoryHandlersLazy(ctx: ServiceContext): MemoryHandlers {
  let real: Promise<MemoryHandlers> | null = null;
  const get = () => (real ??= loadModule<MemoryModule>('The memory lab', 'service/memory').then((m) => m.memoryHandlers(ctx)).catch((e) => { real = null; throw e; }));
  return {
    'memory:store': async (req) => (await get())['memory:store'](req),
    'memory:recall': async (req) => (await get())['memory:recall'](req),
    'memory:capacity': async (req) => (await get())['memory:capacity'](req),
  };
}
