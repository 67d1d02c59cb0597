/** README.md and model-card.json for an export folder: what the model expects, how to run it, how it was made. */

import path from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../core/atomic';
import type { ExportFormat, ExportMeta, ExportPreprocess, ParityResult } from '#contract/export';
import { exporters } from './formats/registry';

export interface DocsInput {
  format: ExportFormat;
  outDir: string;
  labels: string[];
  preprocess: ExportPreprocess;
  meta: ExportMeta;
  parity: ParityResult;
  /** Format-specific facts for model-card.json (TFLite: quantisation and the float/int8 accuracies). */
  card?: Record<string, unknown>;
}

export function readmeText(d: DocsInput): string {
  const p = d.preprocess;
  const format = exporters.require(d.format, 'format');
  const parity = d.parity;
  return [
    `# ${d.meta.arch ?? 'Image classifier'} — ${d.format.toUpperCase()} export from Hebb Studio`,
    '',
    `Files: ${format.files}, \`model-card.json\`.`,
    '',
    '## Labels (output order)',
    ...d.labels.map((l, i) => `${i}. ${l}`),
    '',
    '## Input',
    `Resize the image to ${p.width}×${p.height} (fit: ${p.fit}), ${p.channels === 1 ? 'greyscale (1 channel)' : 'RGB (3 channels)'}. `
      + `The model takes a ${format.input(p)}.`,
    'Output: one probability per label, in the order above.',
    '',
    '## Usage',
    format.usage(p),
    '',
    '## Parity',
    `Checked at export with ${parity.runtime} on ${parity.samples} ${parity.sampleSource ?? ''} images: max |Δprob| = ${parity.maxAbsDiff.toExponential(2)}, `
      + `argmax agreement ${(parity.argmaxAgreement * 100).toFixed(0)}% (${parity.passed ? 'passed' : 'FAILED'}, tolerance ${parity.tolerance ?? 1e-4}).`,
    '',
  ].join('\n');
}

/** Writes README.md and model-card.json; returns their names. */
export async function writeDocs(d: DocsInput): Promise<string[]> {
  await writeFileAtomic(path.join(d.outDir, 'README.md'), readmeText(d));
  await writeJsonAtomic(path.join(d.outDir, 'model-card.json'), {
    format: d.format,
    exportedAt: new Date().toISOString(),
    exporter: 'hebb-studio 0.1.0',
    labels: d.labels,
    preprocess: { scale: 1 / 255, offset: 0, ...d.preprocess },
    runId: d.meta.runId ?? null,
    architecture: d.meta.arch ?? null,
    datasetHash: d.meta.datasetHash ?? null,
    classCounts: d.meta.classCounts ?? null,
    seed: d.meta.seed ?? null,
    config: d.meta.config ?? null,
    finalMetrics: d.meta.finalMetrics ?? null,
    trainedAt: d.meta.createdAt ?? null,
    parity: d.parity,
    ...d.card,
  });
  return ['README.md', 'model-card.json'];
}
