/** Job step 11: after the loop (not failed): the final model, the test accuracy, and summary.json. */

import type * as tf from '@tensorflow/tfjs';
import type { Batch } from '#contract/dataset';
import type { EpochMetrics, TrainEnd } from '#contract/engine';
import { readRunLog } from '../callbacks/run-log';
import type { EarlyStopping } from '../callbacks/early-stopping';
import type { JobData } from '../data';
import type { FeatureCache } from '../feature-cache';
import { saveModelDir } from '../model-io';
import { files, writeSummary } from '../run-dir';
import { evaluateLoss } from '../trainer';

export interface Finishing {
  runDir: string;
  model: tf.LayersModel;
  data: JobData;
  /** A batch stream over the test images. */
  test: () => AsyncIterable<Batch>;
  stopper: EarlyStopping | null;
  features: FeatureCache | null;
}

export async function finishRun(f: Finishing, end: TrainEnd): Promise<Partial<TrainEnd>> {
  f.features?.clear();
  await saveModelDir(f.model, files(f.runDir).model);
  const head = f.features?.head ?? f.model;
  const testAccuracy = f.data.test.entries.length ? (await evaluateLoss({ model: head }, f.features ? f.features.wrap(f.test(), false) : f.test())).accuracy : null;
  await f.features?.extractor.dispose();
  // After an early stop the model holds the best epoch's weights: report that epoch's validation accuracy.
  const valAccuracy = f.stopper?.restored ? f.stopper.restored.valAccuracy : end.valAccuracy;
  // ...and which epoch that was: a run warm-started from this one continues from there, not from the last epoch.
  const weightsEpoch = f.stopper?.restored?.epoch;
  await writeSummary(f.runDir, { status: end.status, end: { ...end, valAccuracy, testAccuracy }, final: await lastEpoch(f.runDir), ...(weightsEpoch != null ? { weightsEpoch } : {}) });
  return { valAccuracy, testAccuracy };
}

/** The last epoch record of the run log (the whole run's, across resumes). */
async function lastEpoch(runDir: string): Promise<EpochMetrics | null> {
  const epochs = (await readRunLog(files(runDir).metrics)).filter((r) => r.type === 'epoch');
  const last = epochs.at(-1);
  if (!last) return null;
  const { type: _type, ...m } = last;
  return m;
}
