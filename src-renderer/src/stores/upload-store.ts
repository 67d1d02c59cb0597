/**
 * The browser folder upload of the open project: planUpload/startUpload (upload.ts) wired to the project store, and
 * its progress for the view. The last upload's files stay in memory so "try again" can resume it in this page; after
 * a reload the same folder dropped again resumes the same way (see upload.ts).
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { ErrorData } from '#contract/errors';
import { useProjectStore } from './project';
import { planUpload, sha256Hex, startUpload, type UploadDeps, type UploadFile, type UploadPlan, type UploadProgress, type UploadResult } from './upload';

const refusedBy = (e: ErrorData | null): ErrorData => e ?? { code: 'INTERNAL', message: 'the project refused the images' };

export function projectDeps(): UploadDeps {
  const p = useProjectStore();
  return {
    known() {
      const doc = p.state?.project;
      const excluded = new Set(doc?.exclusions ?? []);
      return new Set((doc?.added ?? []).filter((a) => !excluded.has(`images/${a.sha256}.${a.ext}`)).map((a) => `${a.sha256}:${a.class}`));
    },
    async ensureClass(cls) { return p.classes.includes(cls) || (await p.edit.addClass(cls)) ? null : refusedBy(p.editError); },
    async send(cls, images) { return (await p.edit.addImages(cls, images)) ? null : refusedBy(p.editError); },
    hash: sha256Hex,
  };
}

export const useUploadStore = defineStore('upload', () => {
  const plan = shallowRef<UploadPlan | null>(null);
  const progress = shallowRef<UploadProgress | null>(null);
  const result = shallowRef<UploadResult | null>(null);
  const running = ref(false);
  let last: { files: UploadFile[]; target: string | null } | null = null;
  let job: ReturnType<typeof startUpload> | null = null;

  async function start(files: UploadFile[], target: string | null, deps: UploadDeps = projectDeps()): Promise<UploadResult | null> {
    if (running.value) return null;
    last = { files, target };
    plan.value = planUpload(files, target);
    result.value = null;
    running.value = true;
    job = startUpload(plan.value, deps, (pr) => { progress.value = pr; });
    try {
      result.value = await job.run();
    } finally {
      running.value = false;
      job = null;
    }
    return result.value;
  }
  const cancel = () => job?.cancel();
  /** The same files again: what already went in is skipped. */
  const retry = (deps?: UploadDeps) => (last ? start(last.files, last.target, deps) : Promise.resolve(null));
  const canRetry = () => !!last && !running.value;

  return { plan, progress, result, running, start, cancel, retry, canRetry };
});
