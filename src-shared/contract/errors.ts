/** Errors as data: the shape every failure takes when it crosses a process or network boundary. */

export type ErrorCode =
  | 'NOT_FOUND'
  | 'NOT_A_DIRECTORY'
  | 'PERMISSION_DENIED'
  | 'INVALID_ARGUMENT'
  | 'INVALID_IMAGE'
  | 'DATASET_EMPTY'
  | 'UNKNOWN_DATASET'
  | 'UNKNOWN_RUN'
  | 'INVALID_ARCHITECTURE'
  | 'BACKEND_UNAVAILABLE'
  | 'TRAINING_FAILED'
  | 'CANCELLED'
  | 'EXPORT_UNSUPPORTED_LAYER'
  | 'PARITY_FAILED'
  | 'UNAUTHORIZED'
  | 'INTERNAL';

export interface ErrorData {
  code: ErrorCode;
  message: string;
  /** The file the error is about, when there is one. */
  file?: string;
  /** Extra structured detail (e.g. the layer name for an unsupported export). */
  detail?: Record<string, unknown>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorData };
