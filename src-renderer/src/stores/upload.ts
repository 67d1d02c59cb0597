/**
 * A folder from the browser's own machine, uploaded into the open project through `project:addImages`: which files
 * go into which class, the caps, batching, progress, cancel and resume. Plain TypeScript over injected calls, so it
 * is tested without a DOM or a server.
 *
 * Resume needs no record of its own: added images are content-addressed, so each file's SHA-256 is compared with the
 * project's added list (same bytes, same class, not excluded) and what already went in is skipped without being
 * sent. Where the page has no WebCrypto (plain http off localhost) nothing is skipped, and sending the same bytes
 * again is still harmless: the core stores them once and lists them once.
 */
import { IMAGE_EXTENSIONS } from '#contract/dataset';
import type { ErrorData } from '#contract/errors';
import { ADD_IMAGES_MAX_PER_CALL, ADDED_IMAGE_MAX_BYTES } from '#contract/project';

/** All files of one upload together. @default 2 GB */
export const UPLOAD_MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024;
/** Raw bytes per call, so a batch's base64 stays well inside one web request. @default 8 MB */
export const UPLOAD_BATCH_BYTES = 8 * 1024 * 1024;

/** One file of a dropped or picked folder. `path` is relative to the folder (or just the name of a loose file). */
export interface UploadFile { path: string; size: number; read(): Promise<Uint8Array> }

export type RejectReason = 'tooBig' | 'unreadable' | 'format' | 'noClass' | 'refused';
export interface Rejected { name: string; reason: RejectReason; detail?: string }

export interface UploadPlan {
  items: { file: UploadFile; class: string }[];
  classes: string[];
  /** Files whose names are no image (text, video, .DS_Store…): left out, counted. */
  skippedNonImage: number;
  rejected: Rejected[];
  bytes: number;
  /** Set when the whole upload is over UPLOAD_MAX_TOTAL_BYTES: nothing is sent. */
  overTotal: boolean;
}

const isImageName = (n: string) => IMAGE_EXTENSIONS.some((e) => n.toLowerCase().endsWith(e));
const isPngJpegName = (n: string) => /\.(png|jpe?g)$/i.test(n);
const hidden = (p: string) => p.split('/').some((s) => s.startsWith('.') || s === '__MACOSX');

/**
 * A file directly in the folder goes into `target`; one in a subfolder goes into the class named by its first
 * subfolder (`cat/a.jpg`, `cat/more/b.jpg` → cat), the ImageFolder convention the scanner reads.
 */
export function planUpload(files: UploadFile[], target: string | null): UploadPlan {
  const plan: UploadPlan = { items: [], classes: [], skippedNonImage: 0, rejected: [], bytes: 0, overTotal: false };
  for (const file of files) {
    if (hidden(file.path) || !isImageName(file.path)) { plan.skippedNonImage++; continue; }
    if (!isPngJpegName(file.path)) { plan.rejected.push({ name: file.path, reason: 'format' }); continue; }
    if (file.size > ADDED_IMAGE_MAX_BYTES) { plan.rejected.push({ name: file.path, reason: 'tooBig', detail: String(file.size) }); continue; }
    const parts = file.path.split('/');
    const cls = parts.length > 1 ? parts[0]! : target;
    if (!cls) { plan.rejected.push({ name: file.path, reason: 'noClass' }); continue; }
    plan.items.push({ file, class: cls });
    plan.bytes += file.size;
    if (!plan.classes.includes(cls)) plan.classes.push(cls);
  }
  plan.overTotal = plan.bytes > UPLOAD_MAX_TOTAL_BYTES;
  return plan;
}

export interface UploadDeps {
  /** `sha256:class` of the images the project already has (included), read when the upload starts. */
  known(): Set<string>;
  /** Make sure the class exists; an error refuses its files. */
  ensureClass(cls: string): Promise<ErrorData | null>;
  send(cls: string, images: { dataBase64: string; originalName: string }[]): Promise<ErrorData | null>;
  /** Hex SHA-256, or null where the page cannot hash (nothing is skipped then). */
  hash(bytes: Uint8Array): Promise<string | null>;
}

export interface UploadProgress {
  /** Files dealt with (sent, skipped as already in, or refused) of `total`. */
  done: number; total: number;
  sent: number; already: number;
  rejected: Rejected[];
}
export type UploadStatus = 'done' | 'cancelled' | 'error';
export interface UploadResult extends UploadProgress { status: UploadStatus; error: ErrorData | null }

/** PNG or JPEG by magic bytes, as the core checks them. */
function isPngOrJpeg(b: Uint8Array): boolean {
  return (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) || (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff);
}

export function toBase64(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(s);
}

export async function sha256Hex(bytes: Uint8Array): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  const d = new Uint8Array(await subtle.digest('SHA-256', bytes as BufferSource));
  return Array.from(d, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** Runs a plan; `cancel()` stops before the next file (a batch on its way finishes, and counts). */
export function startUpload(plan: UploadPlan, deps: UploadDeps, onProgress: (p: UploadProgress) => void = () => {}) {
  let cancelled = false;
  const p: UploadProgress = { done: 0, total: plan.items.length, sent: 0, already: 0, rejected: [...plan.rejected] };
  const tick = () => onProgress({ ...p, rejected: [...p.rejected] });

  /** Sends one batch; a refusal naming one of its files drops that file and sends the rest again. */
  async function flush(cls: string, batch: { dataBase64: string; originalName: string }[]): Promise<ErrorData | null> {
    while (batch.length) {
      const err = await deps.send(cls, batch);
      if (!err) { p.sent += batch.length; p.done += batch.length; tick(); return null; }
      const i = err.file ? batch.findIndex((b) => b.originalName === err.file) : -1;
      if (i < 0) return err;
      p.rejected.push({ name: batch[i]!.originalName, reason: 'refused', detail: err.message });
      p.done++;
      batch = batch.filter((_, j) => j !== i);
      tick();
    }
    return null;
  }

  async function run(): Promise<UploadResult> {
    const end = (status: UploadStatus, error: ErrorData | null = null): UploadResult => ({ ...p, rejected: [...p.rejected], status, error });
    if (plan.overTotal) {
      const mb = (n: number) => Math.round(n / 1024 / 1024);
      return end('error', { code: 'INVALID_ARGUMENT', message: `${mb(plan.bytes)} MB of images is more than the ${mb(UPLOAD_MAX_TOTAL_BYTES)} MB one upload takes: upload fewer folders at a time` });
    }
    const known = deps.known();
    tick();
    for (const cls of plan.classes) {
      const items = plan.items.filter((it) => it.class === cls);
      const refused = await deps.ensureClass(cls);
      if (refused) {
        for (const it of items) p.rejected.push({ name: it.file.path, reason: 'refused', detail: refused.message });
        p.done += items.length; tick();
        continue;
      }
      let batch: { dataBase64: string; originalName: string }[] = [];
      let bytes = 0;
      for (const it of items) {
        if (cancelled) return end('cancelled');
        let data: Uint8Array;
        try { data = await it.file.read(); } catch (e) {
          p.rejected.push({ name: it.file.path, reason: 'unreadable', detail: (e as Error).message }); p.done++; tick(); continue;
        }
        if (!isPngOrJpeg(data)) { p.rejected.push({ name: it.file.path, reason: 'format' }); p.done++; tick(); continue; }
        const sha = await deps.hash(data);
        if (sha && known.has(`${sha}:${cls}`)) { p.already++; p.done++; tick(); continue; }
        if (batch.length && (batch.length >= ADD_IMAGES_MAX_PER_CALL || bytes + data.length > UPLOAD_BATCH_BYTES)) {
          const err = await flush(cls, batch);
          if (err) return end('error', err);
          batch = []; bytes = 0;
          if (cancelled) return end('cancelled');
        }
        batch.push({ dataBase64: toBase64(data), originalName: it.file.path });
        bytes += data.length;
      }
      const err = await flush(cls, batch);
      if (err) return end('error', err);
    }
    return end('done');
  }

  return { run, cancel: () => { cancelled = true; } };
}
