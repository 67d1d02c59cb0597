/** App handlers: version and platform, and the compute backend the engine picked (with the reasons why). */

import type { ApiHandlers } from '#contract/api';
import { packageVersion } from '../core/version';
import { choices } from './choices';

const version = packageVersion();
const backendModule = () => import('../engine/backend/index');

export function appHandlers(): Pick<ApiHandlers, 'app:info' | 'app:backend' | 'app:choices'> {
  return {
    async 'app:info'() {
      return { version, platform: `${process.platform}-${process.arch} · Node ${process.versions.node}`, backend: null };
    },
    async 'app:choices'() { return choices(); },
    async 'app:backend'() {
      const m = await backendModule();
      return m.activeBackend() ?? (await m.initBackend());
    },
  };
}
