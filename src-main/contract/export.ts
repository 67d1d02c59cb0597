/** Export shapes: formats and the parity check that proves an export predicts like the studio. */

export type ExportFormat = 'tfjs' | 'onnx' | 'keras';

export interface ParityResult {
  runtime: string;
  samples: number;
  maxAbsDiff: number;
  argmaxAgreement: number;
  passed: boolean;
}

export interface ExportResult {
  format: ExportFormat;
  outDir: string;
  files: string[];
  parity: ParityResult;
}
