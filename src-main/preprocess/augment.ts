/**
 * Keras ImageDataGenerator-style augmentation: one random affine transform per image (rotation, shift, shear,
 * zoom, flips) applied by inverse mapping with bilinear sampling, then brightness, written straight into the
 * float batch already rescaled to [0,1].
 */

import type { AugmentOptions, FillMode } from '#contract/dataset';
import { HebbError } from '../core/errors';

/** One image's draw, in Keras's terms: tx/ty shift rows/columns in pixels, angles in radians. */
export interface AugmentDraw {
  theta: number;
  tx: number;
  ty: number;
  shear: number;
  zx: number;
  zy: number;
  flipH: boolean;
  flipV: boolean;
  brightness: number;
}

/** True when the options ask for any change at all (all-off options skip the sampler entirely). */
export function isAugmentActive(a: AugmentOptions | undefined): boolean {
  if (!a) return false;
  return Boolean(
    a.rotationRange || a.widthShiftRange || a.heightShiftRange || a.shearRange || a.zoomRange ||
      a.horizontalFlip || a.verticalFlip || (a.brightnessRange && (a.brightnessRange[0] !== 1 || a.brightnessRange[1] !== 1)),
  );
}

export function validateAugment(a: AugmentOptions): void {
  const nonNeg = ['rotationRange', 'widthShiftRange', 'heightShiftRange', 'shearRange', 'zoomRange'] as const;
  for (const k of nonNeg) {
    const v = a[k];
    if (v !== undefined && (!Number.isFinite(v) || v < 0)) throw new HebbError('INVALID_ARGUMENT', `augment.${k} must be a number ≥ 0, got ${v}`);
  }
  if ((a.zoomRange ?? 0) >= 1) throw new HebbError('INVALID_ARGUMENT', `augment.zoomRange must be < 1, got ${a.zoomRange}`);
  const b = a.brightnessRange;
  if (b && !(b.length === 2 && b[0] >= 0 && b[1] >= b[0])) throw new HebbError('INVALID_ARGUMENT', `augment.brightnessRange must be [lo, hi] with 0 ≤ lo ≤ hi, got ${JSON.stringify(b)}`);
  if (a.fillMode && !['nearest', 'constant', 'reflect'].includes(a.fillMode)) throw new HebbError('INVALID_ARGUMENT', `unknown augment.fillMode '${a.fillMode}'`);
}

/** Draw one transform exactly as Keras's get_random_transform does (same ranges and units). */
export function drawAugment(a: AugmentOptions, height: number, width: number, rand: () => number): AugmentDraw {
  const uniform = (lo: number, hi: number): number => lo + (hi - lo) * rand();
  const deg = Math.PI / 180;
  const z = a.zoomRange ?? 0;
  const b = a.brightnessRange;
  return {
    theta: a.rotationRange ? uniform(-a.rotationRange, a.rotationRange) * deg : 0,
    tx: a.heightShiftRange ? uniform(-a.heightShiftRange, a.heightShiftRange) * height : 0,
    ty: a.widthShiftRange ? uniform(-a.widthShiftRange, a.widthShiftRange) * width : 0,
    shear: a.shearRange ? uniform(-a.shearRange, a.shearRange) * deg : 0,
    zx: z ? uniform(1 - z, 1 + z) : 1,
    zy: z ? uniform(1 - z, 1 + z) : 1,
    flipH: a.horizontalFlip ? rand() < 0.5 : false,
    flipV: a.verticalFlip ? rand() < 0.5 : false,
    brightness: b ? uniform(b[0], b[1]) : 1,
  };
}

/**
 * Output→input map as a 2×3 matrix over (row, col): Keras's rotation·shift·shear·zoom about the image centre,
 * with the flips folded in (Keras flips the transformed image, i.e. mirrors the output coordinates first).
 */
export function inverseMatrix(d: AugmentDraw, height: number, width: number): number[] {
  const c = Math.cos(d.theta), s = Math.sin(d.theta);
  const sc = -Math.sin(d.shear), cc = Math.cos(d.shear);
  // R · S · Sh · Z, with S = shift(tx, ty): the linear part and the translation of the product.
  const a00 = c * d.zx, a01 = (c * sc - s * cc) * d.zy;
  const a10 = s * d.zx, a11 = (s * sc + c * cc) * d.zy;
  const t0 = c * d.tx - s * d.ty, t1 = s * d.tx + c * d.ty;
  const cr = (height - 1) / 2, ccol = (width - 1) / 2;
  // input = A·(out − centre) + centre + t, with out mirrored first when flipped.
  let m = [a00, a01, cr + t0 - a00 * cr - a01 * ccol, a10, a11, ccol + t1 - a10 * cr - a11 * ccol];
  if (d.flipV) m = [-m[0]!, m[1]!, m[2]! + m[0]! * (height - 1), -m[3]!, m[4]!, m[5]! + m[3]! * (height - 1)];
  if (d.flipH) m = [m[0]!, -m[1]!, m[2]! + m[1]! * (width - 1), m[3]!, -m[4]!, m[5]! + m[4]! * (width - 1)];
  return m;
}

/** Index of a tap at `i` in an axis of length n under the fill mode; -1 means "use cval". */
function fillIndex(i: number, n: number, mode: FillMode): number {
  if (i >= 0 && i < n) return i;
  if (mode === 'constant') return -1;
  if (mode === 'nearest') return i < 0 ? 0 : n - 1;
  // 'reflect' as scipy.ndimage: half-sample symmetric (d c b a | a b c d | d c b a).
  const period = 2 * n;
  let k = ((i % period) + period) % period;
  if (k >= n) k = period - 1 - k;
  return k;
}

/**
 * Apply one draw to a uint8 HWC image, writing floats in [0,1] into `out` at `offset` (the batch buffer):
 * bilinear sampling, brightness as Keras (multiply, clip to 0–255), then the 1/255 rescale.
 * Pixels whose four taps are all inside take a branch-free fast path; only the border pays for fill modes.
 */
export function augmentInto(
  src: Uint8Array, height: number, width: number, channels: number,
  d: AugmentDraw, fillMode: FillMode, cval: number, out: Float32Array, offset: number,
): void {
  const [m00, m01, m02, m10, m11, m12] = inverseMatrix(d, height, width) as [number, number, number, number, number, number];
  const scale = d.brightness / 255;
  const stride = width * channels;
  for (let r = 0; r < height; r++) {
    let sr = m00 * r + m02;
    let sc = m10 * r + m12;
    for (let col = 0; col < width; col++, sr += m01, sc += m11) {
      const r0 = Math.floor(sr), c0 = Math.floor(sc);
      const fr = sr - r0, fc = sc - c0;
      const w00 = (1 - fr) * (1 - fc), w01 = (1 - fr) * fc, w10 = fr * (1 - fc), w11 = fr * fc;
      const o = offset + (r * width + col) * channels;
      if (r0 >= 0 && c0 >= 0 && r0 + 1 < height && c0 + 1 < width) {
        const i00 = r0 * stride + c0 * channels;
        for (let ch = 0; ch < channels; ch++) {
          const i = i00 + ch;
          const v = (w00 * src[i]! + w01 * src[i + channels]! + w10 * src[i + stride]! + w11 * src[i + stride + channels]!) * scale;
          out[o + ch] = v > 1 ? 1 : v;
        }
        continue;
      }
      const ra = fillIndex(r0, height, fillMode), rb = fillIndex(r0 + 1, height, fillMode);
      const ca = fillIndex(c0, width, fillMode), cb = fillIndex(c0 + 1, width, fillMode);
      for (let ch = 0; ch < channels; ch++) {
        const v00 = ra < 0 || ca < 0 ? cval : src[ra * stride + ca * channels + ch]!;
        const v01 = ra < 0 || cb < 0 ? cval : src[ra * stride + cb * channels + ch]!;
        const v10 = rb < 0 || ca < 0 ? cval : src[rb * stride + ca * channels + ch]!;
        const v11 = rb < 0 || cb < 0 ? cval : src[rb * stride + cb * channels + ch]!;
        const v = (w00 * v00 + w01 * v01 + w10 * v10 + w11 * v11) * scale;
        out[o + ch] = v > 1 ? 1 : v;
      }
    }
  }
}
