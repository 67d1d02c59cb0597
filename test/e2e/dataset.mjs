// A tiny generated dataset for the end-to-end journey: three classes of coloured shapes, drawn with sharp.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

const SHAPES = {
  circles: (x, y, r, c) => `<circle cx="${x}" cy="${y}" r="${r}" fill="${c}"/>`,
  squares: (x, y, r, c) => `<rect x="${x - r}" y="${y - r}" width="${2 * r}" height="${2 * r}" fill="${c}"/>`,
  triangles: (x, y, r, c) => `<polygon points="${x},${y - r} ${x + r},${y + r} ${x - r},${y + r}" fill="${c}"/>`,
};
const COLOURS = { circles: ['#e0453a', '#f07a2e'], squares: ['#2f9e44', '#37b24d'], triangles: ['#1c7ed6', '#4263eb'] };

/** Seeded so every run draws the same pictures. */
function rng(seed) {
  let a = seed >>> 0;
  return () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

export async function makeDataset(root, { perClass = 20, size = 32 } = {}) {
  const rand = rng(7);
  for (const [cls, draw] of Object.entries(SHAPES)) {
    await mkdir(path.join(root, cls), { recursive: true });
    for (let i = 0; i < perClass; i++) {
      const r = 6 + rand() * 5;
      const x = r + rand() * (size - 2 * r);
      const y = r + rand() * (size - 2 * r);
      const bg = Math.round(215 + rand() * 40);
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}"><rect width="100%" height="100%" fill="rgb(${bg},${bg},${bg})"/>${draw(x, y, r, COLOURS[cls][i % 2])}</svg>`;
      await sharp(Buffer.from(svg)).png().toFile(path.join(root, cls, `${cls}-${String(i).padStart(2, '0')}.png`));
    }
  }
  return root;
}
