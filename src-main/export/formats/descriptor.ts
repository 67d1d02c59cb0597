/**
 * What one export format's file exports (a registry entry): its writer with its parity check, and its README words.
 * Writers load their libraries in write(), so listing the formats (CLI, service) stays light, as `hebb export`'s lazy import was.
 */

import path from 'node:path';
import type { ExportPreprocess, ParityResult } from '#contract/export';
import { writeFileAtomic } from '../../core/atomic';
import type { Described } from '../../core/registry';
import type { ExportOptions } from '../options';
import type { Sample } from '../parity';

export interface FormatOutput {
  /** Names of the files written, relative to the export folder. */
  files: string[];
  parity: ParityResult;
  /** Format-specific facts for model-card.json. */
  card?: Record<string, unknown>;
}

export interface ExporterDescriptor<Id extends string = string> extends Described<Id> {
  /** Writes the format's own files into `o.outDir` (already made) and checks them against `ref`, the studio's predictions on `s`. */
  write(o: ExportOptions, ref: Float32Array, s: Sample): Promise<FormatOutput>;
  /** The README's "Files:" line. */
  files: string;
  /** The README's input sentence: "The model takes a …". */
  input(p: ExportPreprocess): string;
  /** The README's usage snippet (a fenced code block). */
  usage(p: ExportPreprocess): string;
}

/** Keeps the id's literal type, so the registry can be checked against the contract's ExportFormat. */
export function defineExporter<const Id extends string>(d: ExporterDescriptor<Id>): ExporterDescriptor<Id> {
  return d;
}

/** labels.txt, one class name a line in output order, for the formats that do not carry them inside. */
export async function writeLabelsTxt(o: ExportOptions): Promise<string> {
  await writeFileAtomic(path.join(o.outDir, 'labels.txt'), o.labels.join('\n') + '\n');
  return 'labels.txt';
}

/** A pixel scale as the snippets print it ("1 / 255" rather than 0.00392…). */
export function fmt(v: number): string {
  return Math.abs(v - 1 / 255) < 1e-12 ? '1 / 255' : String(v);
}
