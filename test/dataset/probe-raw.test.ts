import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { probeImage } from '../../src-main/dataset/probe';
import { nodeFs } from '../../src-main/dataset/io';
import { tempDir } from '../preprocess/fixtures';
import { encodeBmp24, encodeBmp8, encodePnm } from '../preprocess/formats';

const tmp = tempDir('probe-raw');
afterAll(tmp.cleanup);

async function probe(name: string, bytes: Buffer, maxPixels?: number) {
  const f = path.join(tmp.dir, name);
  await fs.writeFile(f, bytes);
  return probeImage(f, nodeFs, maxPixels);
}

describe('probeImage on BMP and PGM/PPM', () => {
  it('reads size, channels and format from the header', async () => {
    const cases: [string, Buffer, object][] = [
      ['rgb.bmp', encodeBmp24(5, 3, new Uint8Array(45)), { width: 5, height: 3, channels: 3, format: 'bmp' }],
      ['grey.bmp', encodeBmp8(4, 2, [[0, 0, 0], [9, 9, 9]], new Uint8Array(8)), { width: 4, height: 2, channels: 1, format: 'bmp' }],
      ['colour8.bmp', encodeBmp8(4, 2, [[0, 0, 0], [9, 0, 9]], new Uint8Array(8)), { channels: 3 }],
      ['wide.ppm', encodePnm('P6', 2, 3, 65535, new Array(18).fill(65535)), { width: 2, height: 3, channels: 3, format: 'ppm' }],
      ['plain.pgm', encodePnm('P2', 2, 1, 15, [0, 15]), { width: 2, height: 1, channels: 1, format: 'pgm' }],
    ];
    for (const [name, bytes, want] of cases) {
      const r = await probe(name, bytes);
      expect(r.ok && r.info, name).toMatchObject(want);
    }
  });

  it('gives clear reasons for truncated files, bad maxval and bombs', async () => {
    const bmp = encodeBmp24(5, 3, new Uint8Array(45));
    const cut = await probe('cut.bmp', bmp.subarray(0, bmp.length - 1));
    expect(cut).toEqual({ ok: false, reason: `truncated BMP (${bmp.length - 1} bytes, its header needs ${bmp.length})` });
    const pgm = encodePnm('P5', 4, 4, 65535, new Array(16).fill(1));
    expect(await probe('cut.pgm', pgm.subarray(0, pgm.length - 2))).toMatchObject({ ok: false, reason: expect.stringMatching(/^truncated PGM \(\d+ bytes, its header needs \d+\)$/) });
    expect(await probe('plain-cut.ppm', Buffer.from('P3\n1 1\n255\n1 2\n'))).toEqual({ ok: false, reason: 'truncated PPM (2 of 3 samples)' });
    expect(await probe('maxval.ppm', Buffer.from('P6\n1 1\n99999\n\0\0\0'))).toEqual({ ok: false, reason: 'corrupt PPM header: maxval 99999 is outside 1..65535' });
    const bomb = Buffer.from(bmp);
    bomb.writeInt32LE(30000, 18);
    bomb.writeInt32LE(30000, 22);
    expect(await probe('bomb.bmp', bomb)).toEqual({ ok: false, reason: 'image is 30000×30000 = 900 MP, above the 100 MP limit (decompression bomb?)' });
  });
});
