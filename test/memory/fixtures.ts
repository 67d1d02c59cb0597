// Generated image fixtures for the memory-lab tests (drawn with sharp, never committed).
import sharp from 'sharp';

/** A black square image with a white rectangle: the fixture every memory test draws. */
export async function drawRect(file: string, side: number, rect: { left: number; top: number; width: number; height: number }, grey = 255) {
  const box = await sharp({ create: { width: rect.width, height: rect.height, channels: 3, background: { r: grey, g: grey, b: grey } } }).png().toBuffer();
  await sharp({ create: { width: side, height: side, channels: 3, background: '#000' } })
    .composite([{ input: box, left: rect.left, top: rect.top }]).png().toFile(file);
}
