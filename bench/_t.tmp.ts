import path from 'node:path';
import { normalizeConfig } from '../src-main/engine/train/config';
import { runTrainingJob } from '../src-main/engine/train/job';
import * as feats from '../src-main/engine/ort/features';
import { initBackend } from '../src-main/engine/backend/index';
process.env.HEBB_HOME = '/tmp/hebb13/home2';
const t0 = performance.now();
let ext = 0, n = 0;
const end = await runTrainingJob(normalizeConfig({ data: '/tmp/hebb13/photos1000', arch: 'transfer-mobilenetv2', epochs: 1, imageWidth: 224, imageHeight: 224, seed: 1 }), {
  runDir: `/tmp/hebb13/run-prof-${Date.now()}`, cacheDir: `/tmp/hebb13/cache-${Date.now()}`,
  backbone: 'auto',
  onEvent: (e) => { if (e.type === 'status') console.log((performance.now() - t0).toFixed(0), 'status', e.state, e.note ?? ''); if (e.type === 'epoch') console.log((performance.now() - t0).toFixed(0), 'epoch', e.seconds, e.imagesPerSecond); },
});
console.log(end.status, (performance.now() - t0).toFixed(0));
