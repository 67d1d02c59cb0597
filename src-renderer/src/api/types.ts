/** The renderer's view of the core: the contract's ApiClient plus how to show an image id. */
import type { ApiClient } from '../../../src-main/contract/api';

export interface StudioClient extends ApiClient {
  /** A URL the page can put in <img src> for a dataset image id (thumbnail of longest side `size`). */
  imageUrl(imageId: string, size?: number): string;
  mode: 'electron' | 'web' | 'test';
}
