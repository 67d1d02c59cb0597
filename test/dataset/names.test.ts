// File-name rules: torchvision's extensions, hidden/system names, non-UTF-8 bytes, Python's code-point sort.
import { describe, expect, it } from 'vitest';
import { compareCodePoints, decodeName, isHiddenOrSystem, isImageName } from '../../src-main/dataset/names';

describe('names', () => {
  it("matches torchvision's IMG_EXTENSIONS case-insensitively, plus .gif", () => {
    for (const n of ['a.jpg', 'a.JPEG', 'a.png', 'a.ppm', 'a.bmp', 'a.pgm', 'a.tif', 'a.TIFF', 'a.webp', 'a.gif']) expect(isImageName(n), n).toBe(true);
    for (const n of ['a.txt', 'a.heic', 'a.svg', 'jpg', 'a.jpg.txt']) expect(isImageName(n), n).toBe(false);
  });

  it('recognises hidden and system names', () => {
    for (const n of ['.DS_Store', '._x.jpg', '.git', 'Thumbs.db', 'desktop.ini', '__MACOSX', '@eaDir']) expect(isHiddenOrSystem(n), n).toBe(true);
    for (const n of ['cat', 'x.jpg', 'thumbs']) expect(isHiddenOrSystem(n), n).toBe(false);
  });

  it('decodes UTF-8 names and escapes the bytes of others', () => {
    expect(decodeName(Buffer.from('café.png'))).toEqual({ name: 'café.png', display: 'café.png' });
    expect(decodeName(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2e, 0x70, 0x6e, 0x67]))).toEqual({ name: null, display: 'caf\\xE9.png' });
    expect(decodeName(Buffer.from([0xc3, 0xa9, 0xff]))).toEqual({ name: null, display: 'é\\xFF' });
  });

  it("sorts like Python's sorted() on str (code points), unlike JS's default sort", () => {
    const names = ['b', 'B', 'a', 'é', 'Z', '_', '10', '9', 'ﬀ', '𝒜'];
    // /usr/bin/python3 -c "print(sorted(['b','B','a','é','Z','_','10','9','ﬀ','𝒜']))"
    expect([...names].sort(compareCodePoints)).toEqual(['10', '9', 'B', 'Z', '_', 'a', 'b', 'é', 'ﬀ', '𝒜']);
    expect([...names].sort()).not.toEqual([...names].sort(compareCodePoints));
  });
});
