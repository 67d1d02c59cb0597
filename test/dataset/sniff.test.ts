// Recognising formats, non-images and cut-off endings from a file's first and last bytes.
import { describe, expect, it } from 'vitest';
import { describeNonImage, endingProblem, sniffFormat } from '../../src-main/image-format/sniff';
import { animatedGif, encodePng, noisyImage } from '../helpers/fixtures';

describe('sniff', () => {
  it('recognises image formats by magic bytes, whatever the extension', async () => {
    expect(sniffFormat(await noisyImage('jpeg', 8))).toBe('jpeg');
    expect(sniffFormat(encodePng({ width: 2, height: 2 }))).toBe('png');
    expect(sniffFormat(await noisyImage('webp', 8))).toBe('webp');
    expect(sniffFormat(await animatedGif())).toBe('gif');
    expect(sniffFormat(Buffer.from('P6\n4 4\n255\n'))).toBe('netpbm');
    expect(sniffFormat(Buffer.from('hello'))).toBeNull();
  });

  it('says what a non-image is', () => {
    expect(describeNonImage(Buffer.from('<!doctype html><p>Forbidden'))).toMatch(/HTML page/);
    expect(describeNonImage(Buffer.from('%PDF-1.7'))).toMatch(/PDF/);
    expect(describeNonImage(Buffer.from('label,file\ncat,1.jpg\n'))).toBe('not an image: plain text (first bytes 6c 61 62 65)');
    expect(describeNonImage(Buffer.from([0x00, 0x01, 0x02, 0x03, 0x04]))).toBe('not an image: unrecognised format (first bytes 00 01 02 03)');
  });

  it('finds cut-off endings and accepts complete files', async () => {
    const png = encodePng({ width: 4, height: 4 });
    expect(endingProblem('png', png, png.subarray(-1024), png.length)).toBeNull();
    const noEnd = encodePng({ width: 4, height: 4, iend: false });
    expect(endingProblem('png', noEnd, noEnd.subarray(-1024), noEnd.length)).toMatch(/truncated PNG/);
    const jpg = await noisyImage('jpeg');
    expect(endingProblem('jpeg', jpg, jpg.subarray(-1024), jpg.length)).toBeNull();
    const cut = jpg.subarray(0, jpg.length - 10);
    expect(endingProblem('jpeg', cut, cut.subarray(-1024), cut.length)).toMatch(/truncated JPEG/);
    const gif = await animatedGif();
    expect(endingProblem('gif', gif, gif, gif.length)).toBeNull();
    expect(endingProblem('gif', gif, gif.subarray(0, -1), gif.length - 1)).toMatch(/truncated GIF/);
  });
});
