/** A separable generated dataset: class folders of solid images near red, green or blue (jittered per image). */

import path from 'node:path';
import { writeImage } from '../../helpers/fixtures';

const BASE: Record<string, [number, number, number]> = { red: [220, 40, 40], green: [40, 200, 60], blue: [40, 60, 220] };

export async function colourTree(root: string, perClass: number, classes = ['red', 'green', 'blue']): Promise<void> {
  for (const cls of classes) {
    for (let i = 0; i < perClass; i++) {
      const [r, g, b] = BASE[cls]!.map((v, k) => Math.max(0, Math.min(255, v + ((i * 37 + k * 11) % 41) - 20)));
      const hex = `#${[r, g, b].map((v) => v!.toString(16).padStart(2, '0')).join('')}`;
      await writeImage(path.join(root, cls, `${cls}_${i}.png`), { color: hex });
    }
  }
}
