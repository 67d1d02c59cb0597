/** Content-addressed on-disk cache of preprocessed images, so later epochs and later runs never decode again. */

import { createHash, randomBytes } from 'node:crypto';
import { promises as fs, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import type { PreprocessOptions } from '#contract/dataset';
import { cacheDir } from '../core/paths';
import { type Decoder, normalizePreprocess, preprocessImage } from './decode';

/**
 * Bump when the entry layout or the decode pipeline changes: old entries then simply stop matching.
 * The libvips version is part of the key too, since a new resampler may change pixels.
 */
export const CACHE_FORMAT_VERSION = 1;

const MAGIC = 0x43504248; // 'HBPC' little-endian
const HEADER_BYTES = 36;
const KEY_PREFIX_BYTES = 16;

export interface CacheOptions {
  /** Root of the cache; entries go to `<dir>/preprocess/v<version>/`. @default cacheDir() (honours HEBB_HOME) */
  dir?: string;
  /** Also hash the file's bytes into the key, catching edits that keep size and mtime; costs one extra read. @default false */
  contentHash?: boolean;
  /** What turns a file into pixels on a miss. @default preprocessImage */
  decoder?: Decoder;
  /**
   * Decodes running at once. Cache hits are cheap reads and are not limited; decodes are CPU work on libuv's
   * pool (4 threads by default), so more than that only queues. @default 4
   */
  decodeConcurrency?: number;
}

export interface CacheStats {
  hits: number;
  misses: number;
  /** Entries found but rejected (torn, truncated, wrong key) and rebuilt. */
  corrupt: number;
}

/**
 * One file per image under a 256-way fan-out: `<key[0..2]>/<key>.bin`, a 36-byte header (magic, version,
 * geometry, payload length, CRC-32, key prefix) then the raw HWC bytes. Per-image files keep the cache
 * incremental (a new image costs one decode, a changed one gets a new key) and let any number of processes
 * share it without locks. Writes go to a temp file and are renamed into place; we skip fsync because every read
 * checks length, key and CRC, so a write torn by a crash is detected and rebuilt rather than trusted.
 *
 * The hit path (stat the source, read the entry) is synchronous on purpose: for ~12 KB files in the page cache,
 * Node's promise fs costs ~5 thread-pool round trips per file, measured at 110–145 µs of CPU per image against
 * ~25 µs for the sync calls, and it dominated cached epochs. The batch stream runs in the training worker, never
 * in the process that serves the UI, so a few µs of blocking per image there costs nothing else.
 */
export class PreprocessCache {
  readonly preprocess: PreprocessOptions;
  readonly dir: string;
  readonly stats: CacheStats = { hits: 0, misses: 0, corrupt: 0 };
  private readonly decoder: Decoder;
  private readonly contentHash: boolean;
  private readonly paramsTag: string;
  private readonly decodeSlots: Semaphore;

  constructor(preprocess: PreprocessOptions, opts: CacheOptions = {}) {
    this.preprocess = normalizePreprocess(preprocess);
    this.dir = path.join(opts.dir ?? cacheDir(), 'preprocess', `v${CACHE_FORMAT_VERSION}`);
    this.decoder = opts.decoder ?? preprocessImage;
    this.contentHash = opts.contentHash ?? false;
    this.decodeSlots = new Semaphore(opts.decodeConcurrency ?? 4);
    const p = this.preprocess;
    this.paramsTag = JSON.stringify([CACHE_FORMAT_VERSION, sharp.versions.vips, p.width, p.height, p.fit, p.channels]);
  }

  get bytesPerImage(): number {
    return this.preprocess.width * this.preprocess.height * this.preprocess.channels;
  }

  /** The cache key of a file as it is now on disk (absolute path + size + mtime [+ content] + parameters). */
  async keyFor(absPath: string): Promise<string> {
    return this.keyForSync(absPath);
  }

  private keyForSync(absPath: string): string {
    const st = statSync(absPath);
    const h = createHash('sha256').update(this.paramsTag).update('\0').update(path.resolve(absPath));
    h.update(`\0${st.size}\0${st.mtimeMs}`);
    if (this.contentHash) h.update(readFileSync(absPath));
    return h.digest('hex');
  }

  entryPath(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.bin`);
  }

  /** Pixels of one image: from the cache when a valid entry exists, else decoded and stored. */
  async load(absPath: string): Promise<Uint8Array> {
    const key = this.keyForSync(absPath);
    const file = this.entryPath(key);
    const cached = this.read(file, key);
    if (cached) {
      this.stats.hits++;
      return cached;
    }
    this.stats.misses++;
    const pixels = await this.decodeSlots.run(() => this.decoder(absPath, this.preprocess));
    await this.write(file, key, pixels);
    return pixels;
  }

  /** A valid entry's payload, or null when missing or not trustworthy (counted as corrupt). */
  private read(file: string, key: string): Uint8Array | null {
    let buf: Buffer;
    try {
      buf = readFileSync(file);
    } catch {
      return null;
    }
    const payload = decodeEntry(buf, key, this.preprocess);
    if (!payload) this.stats.corrupt++;
    return payload;
  }

  private async write(file: string, key: string, pixels: Uint8Array): Promise<void> {
    await fs.mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await fs.writeFile(tmp, encodeEntry(key, this.preprocess, pixels));
      await fs.rename(tmp, file);
    } catch (err) {
      await fs.rm(tmp, { force: true });
      // A cache that cannot be written (disk full, read-only home) must not stop training: the pixels are good.
      if ((err as NodeJS.ErrnoException).code !== 'ENOSPC' && (err as NodeJS.ErrnoException).code !== 'EROFS') throw err;
    }
  }
}

export function encodeEntry(key: string, p: PreprocessOptions, pixels: Uint8Array): Buffer {
  const buf = Buffer.allocUnsafe(HEADER_BYTES + pixels.length);
  buf.writeUInt32LE(MAGIC, 0);
  buf.writeUInt8(CACHE_FORMAT_VERSION, 4);
  buf.writeUInt8(p.channels, 5);
  buf.writeUInt16LE(p.width, 6);
  buf.writeUInt16LE(p.height, 8);
  buf.writeUInt16LE(0, 10);
  buf.writeUInt32LE(pixels.length, 12);
  buf.writeUInt32LE(crc32(pixels), 16);
  Buffer.from(key.slice(0, KEY_PREFIX_BYTES * 2), 'hex').copy(buf, 20);
  buf.set(pixels, HEADER_BYTES);
  return buf;
}

/** The payload when the header, length, key and checksum all agree; null otherwise. */
export function decodeEntry(buf: Buffer, key: string, p: PreprocessOptions): Uint8Array | null {
  const expected = p.width * p.height * p.channels;
  if (buf.length !== HEADER_BYTES + expected) return null;
  if (buf.readUInt32LE(0) !== MAGIC || buf.readUInt8(4) !== CACHE_FORMAT_VERSION) return null;
  if (buf.readUInt8(5) !== p.channels || buf.readUInt16LE(6) !== p.width || buf.readUInt16LE(8) !== p.height) return null;
  if (buf.readUInt32LE(12) !== expected) return null;
  if (buf.subarray(20, HEADER_BYTES).toString('hex') !== key.slice(0, KEY_PREFIX_BYTES * 2)) return null;
  const payload = new Uint8Array(buf.buffer, buf.byteOffset + HEADER_BYTES, expected);
  return crc32(payload) === buf.readUInt32LE(16) ? payload : null;
}

/** A counting semaphore: at most `limit` tasks run at once, the rest wait in FIFO order. */
class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
