/** The renderer's view of the core: the contract's ApiClient plus how to show an image id. */
import type { ApiClient, DatasetHandle } from '#contract/api';

/** Events only the desktop shell sends (menu actions). */
export interface ShellEvents {
  'shell:dataset-opened': DatasetHandle;
  'shell:navigate': { view: string };
  'shell:locale': { locale: string };
  /** File › New/Open/Open Recent/Save/Save As (main has picked the folder where one is needed). */
  'shell:project': { action: 'new' | 'open' | 'save' | 'saveAs'; path?: string };
}

export interface StudioClient extends ApiClient {
  /** A URL the page can put in <img src> for a dataset image id (thumbnail of longest side `size`). */
  imageUrl(imageId: string, size?: number): string;
  mode: 'electron' | 'web' | 'test';
  /** Desktop only: the absolute path of a dropped file or folder ('' when unknown). */
  pathForFile?(file: File): string;
  /** Desktop only: menu actions taken in the shell. */
  onShell?<E extends keyof ShellEvents>(event: E, listener: (payload: ShellEvents[E]) => void): () => void;
}
