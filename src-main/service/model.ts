/** Model handlers: the architecture catalogue and the description (layers, parameters) of a chosen network. */

import type { ApiHandlers } from '#contract/api';

// Loaded on first use: tfjs stays out of the server's start-up.
const arch = () => import('../engine/arch/index');

export function modelHandlers(): Pick<ApiHandlers, 'model:list' | 'model:describe'> {
  return {
    async 'model:list'(req) {
      return (await arch()).listArchitectures(req);
    },
    async 'model:describe'({ arch: id, layers, width, height, channels, classes }) {
      return (await arch()).describeModel({ arch: id, layers, inputShape: [height, width, channels], numClasses: Math.max(2, classes) });
    },
  };
}
