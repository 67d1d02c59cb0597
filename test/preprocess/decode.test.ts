import { promises as fs } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { preprocessBytes, preprocessImage } from '../../src-main/preprocess/decode';
import { near, px, stripes, tempDir, writeRaw } from './fixtures';

const tmp = tempDir('decode');
afterAll(tmp.cleanup);
const file = (name: string): string => path.join(tmp.dir, name);
const RED: [number, number, number] = [255, 0, 0];
const GREEN: [number, number, number] = [0, 255, 0];
const BLUE: [number, number, number] = [0, 0, 255];

describe('preprocessImage', () => {
  it('turns an EXIF-rotated JPEG upright', async () => {
    // Stored 40×20 with red on the left; orientation 6 means "rotate 90° clockwise to display",
    // so the upright picture is 20×40 with red on top.
    const img = stripes([RED, BLUE], 20, 20);
    const jpeg = await sharp(img.data, { raw: { width: 40, height: 20, channels: 3 } }).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer();
    await fs.writeFile(file('rot.jpg'), jpeg);
    const out = await preprocessImage(file('rot.jpg'), { width: 20, height: 40, fit: 'fill', channels: 3 });
    expect(near(px(out, 20, 3, 10, 2), RED, 40)).toBe(true);
    expect(near(px(out, 20, 3, 10, 37), BLUE, 40)).toBe(true);
  });

  describe('fit modes on an 80×40 red|green|green|blue image into 20×20', () => {
    const opts = (fit: 'cover' | 'contain' | 'fill') => ({ width: 20, height: 20, fit, channels: 3 as const });
    const setup = writeRaw(file('wide.png'), stripes([RED, GREEN, GREEN, BLUE], 20, 40));

    it('cover crops the centre: only green is left', async () => {
      await setup;
      const out = await preprocessImage(file('wide.png'), opts('cover'));
      // Resampling may bleed a little across the crop edge; red or blue stripes themselves must be gone.
      for (const x of [0, 10, 19]) for (const y of [0, 19]) expect(near(px(out, 20, 3, x, y), GREEN, 20)).toBe(true);
    });

    it('contain letterboxes with black bars above and below', async () => {
      await setup;
      const out = await preprocessImage(file('wide.png'), opts('contain'));
      expect(px(out, 20, 3, 10, 0)).toEqual([0, 0, 0]);
      expect(px(out, 20, 3, 10, 19)).toEqual([0, 0, 0]);
      expect(near(px(out, 20, 3, 0, 10), RED)).toBe(true);
      expect(near(px(out, 20, 3, 19, 10), BLUE)).toBe(true);
    });

    it('fill stretches: all four stripes, no bars', async () => {
      await setup;
      const out = await preprocessImage(file('wide.png'), opts('fill'));
      expect(near(px(out, 20, 3, 0, 0), RED)).toBe(true);
      expect(near(px(out, 20, 3, 10, 0), GREEN)).toBe(true);
      expect(near(px(out, 20, 3, 19, 19), BLUE)).toBe(true);
    });
  });

  it('converts to greyscale (1 channel) with PIL convert("L") weights', async () => {
    await writeRaw(file('rgb.png'), stripes([RED, GREEN, BLUE], 8, 8));
    const out = await preprocessImage(file('rgb.png'), { width: 24, height: 8, fit: 'fill', channels: 1 });
    expect(out.length).toBe(24 * 8);
    // PIL: L = R*299/1000 + G*587/1000 + B*114/1000 → 76, 150, 29.
    expect([out[4 * 24 + 2], out[4 * 24 + 12], out[4 * 24 + 21]]).toEqual([76, 150, 29]);
  });

  it('keeps the values of a grey image exactly, in 1 or 3 channels', async () => {
    await sharp(Buffer.alloc(16, 123), { raw: { width: 4, height: 4, channels: 1 } }).png().toFile(file('grey.png'));
    const out = await preprocessImage(file('grey.png'), { width: 4, height: 4, fit: 'fill', channels: 1 });
    expect(Array.from(out)).toEqual(new Array(16).fill(123));
    const rgb = await preprocessImage(file('grey.png'), { width: 4, height: 4, fit: 'fill', channels: 3 });
    expect(Array.from(rgb.subarray(0, 3))).toEqual([123, 123, 123]);
  });

  it('handles CMYK JPEG, 16-bit PNG, grey+alpha PNG and animated GIF (first frame)', async () => {
    const red = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#ff0000' } }).png().toBuffer();
    const blue = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#0000ff' } }).png().toBuffer();
    await fs.writeFile(file('cmyk.jpg'), await sharp(red).toColourspace('cmyk').jpeg().toBuffer());
    await fs.writeFile(file('deep.png'), await sharp(red).toColourspace('rgb16').png().toBuffer());
    await fs.writeFile(file('anim.gif'), await sharp([red, blue], { join: { animated: true } }).gif().toBuffer());
    // Grey 200 with alpha 0: flattened onto black.
    const ga = Buffer.alloc(8 * 8 * 2);
    for (let i = 0; i < 64; i++) ga.set([200, i < 32 ? 255 : 0], i * 2);
    await fs.writeFile(file('ga.png'), await sharp(ga, { raw: { width: 8, height: 8, channels: 2 } }).toColourspace('b-w').png().toBuffer());

    const opts = { width: 4, height: 4, fit: 'fill' as const, channels: 3 as const };
    expect(near(px(await preprocessImage(file('cmyk.jpg'), opts), 4, 3, 2, 2), RED, 40)).toBe(true);
    expect(near(px(await preprocessImage(file('deep.png'), opts), 4, 3, 2, 2), RED, 2)).toBe(true);
    expect(near(px(await preprocessImage(file('anim.gif'), opts), 4, 3, 2, 2), RED, 20)).toBe(true);
    const grey = await preprocessImage(file('ga.png'), opts);
    expect(grey.length).toBe(48);
    expect(near(px(grey, 4, 3, 1, 0), [200, 200, 200], 3)).toBe(true);
    expect(px(grey, 4, 3, 1, 3)).toEqual([0, 0, 0]);
  });

  it('scales a 1×1 image up to any size in every fit mode', async () => {
    await sharp({ create: { width: 1, height: 1, channels: 3, background: { r: 9, g: 99, b: 199 } } }).png().toFile(file('one.png'));
    for (const fit of ['cover', 'contain', 'fill'] as const) {
      const out = await preprocessImage(file('one.png'), { width: 5, height: 3, fit, channels: 3 });
      expect(out.length).toBe(45);
      expect(near(px(out, 5, 3, 2, 1), [9, 99, 199], 2)).toBe(true);
    }
  });

  it('rejects a non-image with INVALID_IMAGE naming the file', async () => {
    await fs.writeFile(file('text.jpg'), 'not an image at all');
    await expect(preprocessImage(file('text.jpg'), { width: 4, height: 4, fit: 'cover', channels: 3 })).rejects.toMatchObject({
      code: 'INVALID_IMAGE',
      file: file('text.jpg'),
    });
  });

  it('decodes bytes in memory like the file, and names a missing file as NOT_FOUND', async () => {
    const bytes = await fs.readFile(file('wide.png'));
    const P = { width: 20, height: 20, fit: 'contain' as const, channels: 3 as const };
    expect(Array.from(await preprocessBytes(bytes, P))).toEqual(Array.from(await preprocessImage(file('wide.png'), P)));
    await expect(preprocessImage(file('nope.png'), P)).rejects.toMatchObject({ code: 'NOT_FOUND', file: file('nope.png') });
  });

  it('refuses a decompression bomb by its header', async () => {
    // A tiny PNG whose header claims 30000×30000 (900 Mpx): sharp must refuse it before decoding anything.
    const png = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#000' } }).png().toBuffer();
    png.writeUInt32BE(30000, 16);
    png.writeUInt32BE(30000, 20);
    png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
    await fs.writeFile(file('bomb.png'), png);
    await expect(preprocessImage(file('bomb.png'), { width: 4, height: 4, fit: 'cover', channels: 3 })).rejects.toMatchObject({
      code: 'INVALID_IMAGE',
      message: expect.stringMatching(/pixel limit/i),
    });
  });
});
