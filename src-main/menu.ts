/**
 * The application menu: File › Open dataset… (main asks for the folder, opens it through the service and
 * hands the page the dataset id), View shortcuts to each step of the studio, the standard Edit/Window roles.
 */

import type { Channel, DatasetHandle, Req, Res } from '#contract/api';
import type { Result } from '#contract/errors';
import { LOCALE_NAMES, LOCALES } from '#contract/locale';

/** The views of the studio, in sidebar order, as the renderer's app store names them. */
export const VIEWS = [
  ['data', 'Data'], ['model', 'Model'], ['train', 'Train'], ['evaluate', 'Evaluate'],
  ['playground', 'Playground'], ['runs', 'Runs'], ['export', 'Export'], ['memory', 'Memory lab'],
] as const;

/** What File › New/Open/Save/Save As/Open Recent ask the page to do (main picks the folder first where one is needed). */
export type ProjectAction = 'new' | 'open' | 'save' | 'saveAs';

export interface MenuActions {
  openDataset(): void;
  /** File › project actions; `path` for Open Recent. Absent: no project items. */
  project?(action: ProjectAction, path?: string): void;
  /** Open Recent's entries, newest first. */
  recent?: { path: string; name: string }[];
  navigate(view: string): void;
  openDataFolder(): void;
  /** View › Language: tell the page to switch (it keeps the choice); absent, no Language submenu. */
  setLocale?(locale: string): void;
  isMac: boolean;
  /** Show reload / developer tools (unpackaged builds only). */
  dev: boolean;
}

/** A menu template as plain data (Electron's MenuItemConstructorOptions shape). */
export interface MenuItem {
  label?: string;
  role?: string;
  type?: 'separator' | 'submenu';
  accelerator?: string;
  click?: () => void;
  submenu?: MenuItem[];
}

function projectItems(act: NonNullable<MenuActions['project']>, recent: { path: string; name: string }[], sep: MenuItem): MenuItem[] {
  return [
    { label: 'New Project…', accelerator: 'CmdOrCtrl+N', click: () => act('new') },
    { label: 'Open Project…', accelerator: 'CmdOrCtrl+O', click: () => act('open') },
    { label: 'Open Recent', submenu: recent.length ? recent.map((r): MenuItem => ({ label: `${r.name} — ${r.path}`, click: () => act('open', r.path) })) : [{ label: '(none)' }] },
    sep,
    { label: 'Save Project', accelerator: 'CmdOrCtrl+S', click: () => act('save') },
    { label: 'Save Project As…', accelerator: 'CmdOrCtrl+Shift+S', click: () => act('saveAs') },
    sep,
  ];
}

export function menuTemplate(a: MenuActions): MenuItem[] {
  const sep: MenuItem = { type: 'separator' };
  const template: MenuItem[] = [];
  if (a.isMac) {
    template.push({ label: 'Hebb Studio', submenu: [{ role: 'about' }, sep, { role: 'services' }, sep, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, sep, { role: 'quit' }] });
  }
  template.push(
    { label: '&File', submenu: [
      ...(a.project ? projectItems(a.project, a.recent ?? [], sep) : []),
      { label: 'Open Dataset…', accelerator: a.project ? 'CmdOrCtrl+Shift+O' : 'CmdOrCtrl+O', click: a.openDataset },
      sep,
      { label: 'Show Hebb Studio Data Folder', click: a.openDataFolder },
      sep,
      a.isMac ? { role: 'close' } : { role: 'quit' },
    ] },
    { label: '&Edit', submenu: [{ role: 'undo' }, { role: 'redo' }, sep, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] },
    { label: '&View', submenu: [
      ...VIEWS.map(([id, label], i): MenuItem => ({ label, accelerator: `CmdOrCtrl+${i + 1}`, click: () => a.navigate(id) })),
      sep,
      ...(a.setLocale ? [{ label: 'Language / 语言', submenu: LOCALES.map((id): MenuItem => ({ label: LOCALE_NAMES[id], click: () => a.setLocale!(id) })) }, sep] : []),
      ...(a.dev ? [{ role: 'reload' }, { role: 'toggleDevTools' }, sep] : []),
      { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, sep, { role: 'togglefullscreen' },
    ] },
    { label: '&Window', submenu: a.isMac ? [{ role: 'minimize' }, { role: 'zoom' }, sep, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }] },
  );
  return template;
}

export interface OpenDatasetDeps {
  showOpenDialog(opts: { title: string; buttonLabel: string; properties: string[] }): Promise<{ canceled: boolean; filePaths: string[] }>;
  call<C extends Channel>(channel: C, req: Req<C>): Promise<Result<Res<C>>>;
  /** Tell the page about the opened dataset. */
  opened(handle: DatasetHandle): void;
  showError(title: string, message: string): void;
}

/** File › Open dataset…: pick a folder, open it in the core, hand the page its id (main keeps the path). */
export async function openDatasetFlow(d: OpenDatasetDeps): Promise<DatasetHandle | null> {
  const pick = await d.showOpenDialog({ title: 'Open a dataset folder (one subfolder per class)', buttonLabel: 'Open Dataset', properties: ['openDirectory'] });
  if (pick.canceled || pick.filePaths.length === 0) return null;
  const res = await d.call('dataset:open', { path: pick.filePaths[0]! });
  if (!res.ok) {
    d.showError('Cannot open this folder', `${res.error.message}${res.error.file ? `\n\n${res.error.file}` : ''}`);
    return null;
  }
  d.opened(res.value);
  return res.value;
}
