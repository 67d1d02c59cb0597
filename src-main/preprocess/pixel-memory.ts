/**
 * Decoded pixels kept in memory for the length of a training job, up to a byte budget: after the first epoch, a
 * small dataset (MNIST: 47 MB) is read from RAM instead of one cache file per image per epoch, which costs more
 * than a small model's training step. Images past the budget keep coming from the on-disk cache.
 */

export class PixelMemory {
  private readonly pixels = new Map<string, Uint8Array>();
  private used = 0;

  /** @param budgetBytes most bytes of pixels held. @default 1 GiB */
  constructor(readonly budgetBytes = 2 ** 30) {}

  get(file: string): Uint8Array | undefined {
    return this.pixels.get(file);
  }

  /** Keeps `pixels` for `file` when the budget allows (first come, first kept; nothing is evicted). */
  set(file: string, pixels: Uint8Array): void {
    if (this.pixels.has(file) || this.used + pixels.byteLength > this.budgetBytes) return;
    this.pixels.set(file, pixels);
    this.used += pixels.byteLength;
  }

  get bytes(): number {
    return this.used;
  }

  get size(): number {
    return this.pixels.size;
  }
}
