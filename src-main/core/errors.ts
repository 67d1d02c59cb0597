/** Throw HebbError inside a process; `toResult` is the one funnel that turns any throw into ErrorData. */

import type { ErrorCode, ErrorData, Result } from '#contract/errors';

export class HebbError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly file?: string,
    readonly detail?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'HebbError';
  }

  toData(): ErrorData {
    return { code: this.code, message: this.message, ...(this.file ? { file: this.file } : {}), ...(this.detail ? { detail: this.detail } : {}) };
  }
}

const NODE_CODES: Record<string, ErrorCode> = {
  ENOENT: 'NOT_FOUND',
  ENOTDIR: 'NOT_A_DIRECTORY',
  EACCES: 'PERMISSION_DENIED',
  EPERM: 'PERMISSION_DENIED',
  ENAMETOOLONG: 'INVALID_ARGUMENT',
};

/** Messages that cross a boundary stay readable: a path or value pasted in whole is cut (the file field keeps it). */
const MAX_MESSAGE = 1000;
const short = (m: string) => (m.length > MAX_MESSAGE ? `${m.slice(0, MAX_MESSAGE)}…` : m);

export function toErrorData(err: unknown): ErrorData {
  if (err instanceof HebbError) return err.toData();
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e.code === 'string' && NODE_CODES[e.code]) {
    return { code: NODE_CODES[e.code]!, message: short(e.message), ...(e.path ? { file: short(e.path) } : {}) };
  }
  return { code: 'INTERNAL', message: short(e instanceof Error ? e.message : String(err)) };
}

export async function toResult<T>(fn: () => T | Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    return { ok: false, error: toErrorData(err) };
  }
}
