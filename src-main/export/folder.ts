/** Where a run's exports live, and that folder as one zip: every mode of every format has its own folder. */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { zip as zipAsync, type AsyncZippable } from 'fflate';
import type { ExportFormat, TfliteQuantize } from '#contract/export';
import { HebbError } from '../core/errors';

/** export/tflite is float32; quantised TFLite goes to export/tflite-dynamic or export/tflite-int8, so no mode overwrites another. */
export function exportFolderName(format: ExportFormat, quantize: TfliteQuantize = 'none'): string {
  return format === 'tflite' && quantize !== 'none' ? `tflite-${quantize}` : format;
}

/** The default output folder of `hebb export` and the Export view: under the run's own folder, never a dataset's. */
export function defaultExportDir(runDir: string, format: ExportFormat, quantize?: TfliteQuantize): string {
  return path.join(runDir, 'export', exportFolderName(format, quantize));
}

/**
 * Every regular file under `dir`, by its path relative to it ('/'-separated). Links are skipped, not followed, so
 * nothing outside the folder can end up in the zip.
 */
async function readTree(dir: string, rel = ''): Promise<Record<string, Uint8Array>> {
  const out: Record<string, Uint8Array> = {};
  for (const e of await fs.readdir(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) Object.assign(out, await readTree(dir, r));
    else if (e.isFile()) out[r] = new Uint8Array(await fs.readFile(path.join(dir, r)));
  }
  return out;
}

/** The export folder of `runDir` for `format` (and TFLite precision) zipped; refused, naming both, when it was never written. */
export async function zipExport(runDir: string, runId: string, format: ExportFormat, quantize?: TfliteQuantize): Promise<{ fileName: string; zip: Uint8Array }> {
  const name = exportFolderName(format, quantize);
  const dir = defaultExportDir(runDir, format, quantize);
  const st = await fs.lstat(dir).catch(() => null);
  const files = st?.isDirectory() ? await readTree(dir) : {};
  if (!Object.keys(files).length) throw new HebbError('NOT_FOUND', `Run "${runId}" has no ${name} export yet: export it as ${name} first`, dir);
  // fflate's async zip compresses in worker threads, so the process serving the UI stays responsive; weights barely
  // compress, so a low level loses little.
  const zip = await new Promise<Uint8Array>((resolve, reject) => {
    zipAsync(files as AsyncZippable, { level: 1 }, (err, data) => (err ? reject(err) : resolve(data)));
  });
  return { fileName: `${runId}-${name}.zip`, zip };
}
