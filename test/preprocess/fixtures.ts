/** Tiny sharp-drawn images and a temp HEBB_HOME for the preprocessing tests. */

import { mkdtempSync, rmSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { ImageEntry } from '#contract/dataset';

export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `hebb-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export type RGB = [number, number, number];

/** Vertical stripes of solid colour, left to right, each `stripe` px wide. */
export function stripes(colours: RGB[], stripe: number, height: number): { data: Buffer; width: number; height: number } {
  const width = colours.length * stripe;
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(colours[Math.floor(x / stripe)]!, (y * width + x) * 3);
  }
  return { data, width, height };
}

export async function writeRaw(file: string, img: { data: Buffer; width: number; height: number }, format: 'png' | 'jpeg' = 'png'): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const s = sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } });
  await (format === 'png' ? s.png() : s.jpeg({ quality: 95 })).toFile(file);
}

export async function solid(file: string, width: number, height: number, rgb: RGB): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await sharp({ create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } }).png().toFile(file);
}

/** A small class-folder dataset of distinct solid colours; returns entries as the scanner would. */
export async function makeDataset(root: string, perClass: number[], size = 12): Promise<ImageEntry[]> {
  const entries: ImageEntry[] = [];
  for (let label = 0; label < perClass.length; label++) {
    for (let i = 0; i < perClass[label]!; i++) {
      const rel = `c${label}/img${String(i).padStart(3, '0')}.png`;
      const abs = path.join(root, rel);
      await solid(abs, size, size, [label * 60, (i * 37) % 256, 200 - label * 30]);
      const st = await fs.stat(abs);
      entries.push({ path: rel, label, width: size, height: size, channels: 3, format: 'png', size: st.size, mtimeMs: st.mtimeMs });
    }
  }
  return entries;
}

/** Pixel (x, y) of a uint8 HWC array. */
export function px(a: ArrayLike<number>, width: number, channels: number, x: number, y: number): number[] {
  const o = (y * width + x) * channels;
  return Array.from({ length: channels }, (_, c) => a[o + c]!);
}

export function near(a: number[], b: number[], tol = 12): boolean {
  return a.length === b.length && a.every((v, i) => Math.abs(v - b[i]!) <= tol);
}
