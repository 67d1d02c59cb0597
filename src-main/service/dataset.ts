/** Dataset handlers: open (scan) a folder, page through its images, preview augmentation; plus thumbnails. */

import path from 'node:path';
import type { ApiHandlers } from '#contract/api';
import { HebbError } from '../core/errors';
import { openImage } from '../preprocess/open';
import type { ServiceContext } from './context';
import { handle } from './datasets';

export { handle };

type DatasetHandlers = Pick<ApiHandlers, 'dataset:open' | 'dataset:images' | 'dataset:augmentPreview'>;

export function datasetHandlers(ctx: ServiceContext): DatasetHandlers {
  return {
    async 'dataset:open'({ path: p }) {
      if (typeof p !== 'string' || !p.trim()) throw new HebbError('INVALID_ARGUMENT', 'Type or paste the path of a folder with one subfolder per class.');
      const { scanDataset } = await import('../dataset/index');
      const root = path.resolve(p.trim());
      const scan = await scanDataset(root, { onProgress: (done, total) => ctx.events.emit('scan:progress', { done, total }) });
      return handle(ctx.datasets.add(scan));
    },
    async 'dataset:images'({ datasetId, label, split, offset, limit }) {
      const ds = ctx.datasets.get(datasetId);
      const labelIndex = label === undefined ? -1 : ds.scan.classes.indexOf(label);
      if (label !== undefined && labelIndex < 0) throw new HebbError('INVALID_ARGUMENT', `No class "${label}" in this dataset`);
      const all = ds.scan.entries
        .map((e, i) => ({ e, i }))
        .filter(({ e }) => (labelIndex < 0 || e.label === labelIndex) && (!split || e.split === split));
      const page = all.slice(Math.max(0, offset), Math.max(0, offset) + Math.min(Math.max(limit, 0), 500));
      return { total: all.length, images: page.map(({ e, i }) => ({ id: `${ds.id}.${i}`, path: e.path, label: ds.scan.classes[e.label]! })) };
    },
    async 'dataset:augmentPreview'({ imageId, augment, preprocess, count, seed }) {
      const { renderAugmentPreview } = await import('../preprocess/index');
      const { file } = await ctx.datasets.resolveImage(imageId);
      const png = await renderAugmentPreview(file, preprocess, augment, { count: Math.min(Math.max(count, 1), 16), seed });
      return { pngBase64: Buffer.from(png).toString('base64') };
    },
  };
}

/** A thumbnail (longest side `size`, default 160) of an image id as WebP; the full file when size is 0. */
export async function readThumbnail(ctx: ServiceContext, imageId: string, size = 160): Promise<{ mime: string; data: Buffer }> {
  const { file } = await ctx.datasets.resolveImage(imageId);
  try {
    const img = (await openImage(file, { failOn: 'none' })).rotate();
    if (size > 0) img.resize(size, size, { fit: 'inside', withoutEnlargement: true }); // the page scales small ones up crisply
    return { mime: 'image/webp', data: await img.webp({ quality: 82 }).toBuffer() };
  } catch (err) {
    if (err instanceof HebbError) throw err;
    throw new HebbError('INVALID_IMAGE', `Cannot read image: ${(err as Error).message}`, file);
  }
}
