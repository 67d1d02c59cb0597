/** Hand-written BMP, PGM and PPM fixtures (simple formats, so tests own every byte). */

/** 24-bit BI_RGB BMP, bottom-up rows padded to 4 bytes; `rgb` is top row first. `topDown` writes a negative height. */
export function encodeBmp24(width: number, height: number, rgb: Uint8Array, opts: { topDown?: boolean; gap?: number } = {}): Buffer {
  const stride = Math.ceil((width * 3) / 4) * 4;
  const gap = opts.gap ?? 0;
  const offset = 54 + gap;
  const buf = Buffer.alloc(offset + stride * height);
  header(buf, width, opts.topDown ? -height : height, 24, offset, 0);
  for (let y = 0; y < height; y++) {
    const row = opts.topDown ? y : height - 1 - y;
    for (let x = 0; x < width; x++) {
      const s = (y * width + x) * 3;
      const d = offset + row * stride + x * 3;
      buf[d] = rgb[s + 2]!;
      buf[d + 1] = rgb[s + 1]!;
      buf[d + 2] = rgb[s]!;
    }
  }
  return buf;
}

/** 8-bit palette BMP; `palette` holds [r,g,b] triples, `index` the pixels top row first. */
export function encodeBmp8(width: number, height: number, palette: number[][], index: Uint8Array): Buffer {
  const stride = Math.ceil(width / 4) * 4;
  const offset = 54 + palette.length * 4;
  const buf = Buffer.alloc(offset + stride * height);
  header(buf, width, height, 8, offset, palette.length);
  palette.forEach(([r, g, b], i) => buf.set([b!, g!, r!, 0], 54 + 4 * i));
  for (let y = 0; y < height; y++) buf.set(index.subarray(y * width, (y + 1) * width), offset + (height - 1 - y) * stride);
  return buf;
}

function header(buf: Buffer, width: number, height: number, bpp: number, offset: number, colors: number): void {
  buf.write('BM', 0, 'latin1');
  buf.writeUInt32LE(buf.length, 2);
  buf.writeUInt32LE(offset, 10);
  buf.writeUInt32LE(40, 14);
  buf.writeInt32LE(width, 18);
  buf.writeInt32LE(height, 22);
  buf.writeUInt16LE(1, 26);
  buf.writeUInt16LE(bpp, 28);
  buf.writeUInt32LE(0, 30);
  buf.writeUInt32LE(buf.length - offset, 34);
  buf.writeUInt32LE(colors, 46);
}

/** PGM/PPM in any of P2/P3 (plain) or P5/P6 (binary, 16-bit big-endian when maxval > 255), with a comment line. */
export function encodePnm(magic: 'P2' | 'P3' | 'P5' | 'P6', width: number, height: number, maxval: number, samples: ArrayLike<number>): Buffer {
  const head = `${magic}\n# made by a Hebb test\n${width} ${height}\n${maxval}\n`;
  if (magic === 'P2' || magic === 'P3') return Buffer.from(head + Array.from(samples).join(' ') + '\n', 'latin1');
  const wide = maxval > 255;
  const body = Buffer.alloc(samples.length * (wide ? 2 : 1));
  for (let i = 0; i < samples.length; i++) {
    if (wide) body.writeUInt16BE(samples[i]!, 2 * i);
    else body[i] = samples[i]!;
  }
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}
