/** The export formats on offer: one file each in this folder, one line in EXPORTERS. exportModel, the CLI and the Export view list these. */

import type { ExportFormat } from '#contract/export';
import { makeRegistry, type Assert, type SameIds } from '../../core/registry';
import { keras } from './keras';
import { onnx } from './onnx';
import { tfjs } from './tfjs';
import { tflite } from './tflite';

export type { ExporterDescriptor, FormatOutput } from './descriptor';

const EXPORTERS = [tfjs, onnx, keras, tflite];

export const exporters = makeRegistry('format', EXPORTERS);
export type _ExportFormatsMatchContract = Assert<SameIds<(typeof EXPORTERS)[number]['id'], ExportFormat>>;

export function exportFormatIds(): ExportFormat[] {
  return exporters.ids();
}
