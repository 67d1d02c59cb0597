// The app menu and File › Open dataset…: main picks the folder, the core opens it, the page gets an id.
import { describe, expect, it, vi } from 'vitest';
import { VIEWS, menuTemplate, openDatasetFlow, type MenuItem } from '../../src-main/menu';

const actions = () => ({ openDataset: vi.fn(), navigate: vi.fn(), openDataFolder: vi.fn(), isMac: false, dev: false });
const find = (items: MenuItem[], label: string): MenuItem | undefined => {
  for (const i of items) {
    if (i.label === label) return i;
    const inner = i.submenu && find(i.submenu, label);
    if (inner) return inner;
  }
  return undefined;
};

describe('menu', () => {
  it('has File › Open Dataset… on Ctrl/Cmd+O and a shortcut per view', () => {
    const a = actions();
    const t = menuTemplate(a);
    const open = find(t, 'Open Dataset…')!;
    expect(open.accelerator).toBe('CmdOrCtrl+O');
    open.click!();
    expect(a.openDataset).toHaveBeenCalled();
    find(t, 'Memory lab')!.click!();
    expect(a.navigate).toHaveBeenCalledWith('memory');
    expect(VIEWS).toHaveLength(8);
    expect(JSON.stringify(t)).not.toContain('toggleDevTools');
    expect(JSON.stringify(menuTemplate({ ...a, dev: true }))).toContain('toggleDevTools');
    expect(menuTemplate({ ...a, isMac: true })[0]!.label).toBe('Hebb Studio');
  });

  it('has File › New/Open/Save/Save As on Ctrl/Cmd+N/O/S/Shift+S and Open Recent, Open Dataset moving to Shift+O', () => {
    const a = { ...actions(), project: vi.fn(), recent: [{ path: '/p/cats.hebb', name: 'cats' }] };
    const t = menuTemplate(a);
    const keys = Object.fromEntries(['New Project…', 'Open Project…', 'Save Project', 'Save Project As…', 'Open Dataset…'].map((l) => [l, find(t, l)!.accelerator]));
    expect(keys).toEqual({ 'New Project…': 'CmdOrCtrl+N', 'Open Project…': 'CmdOrCtrl+O', 'Save Project': 'CmdOrCtrl+S', 'Save Project As…': 'CmdOrCtrl+Shift+S', 'Open Dataset…': 'CmdOrCtrl+Shift+O' });
    find(t, 'Save Project As…')!.click!();
    find(t, 'cats — /p/cats.hebb')!.click!();
    expect(a.project.mock.calls).toEqual([['saveAs'], ['open', '/p/cats.hebb']]);
  });

  it('has View › Language with each language named in itself, telling the page which to show', () => {
    const setLocale = vi.fn();
    const t = menuTemplate({ ...actions(), setLocale });
    expect(find(t, 'Language / 语言')!.submenu!.map((i) => i.label)).toEqual(['English', '简体中文']);
    find(t, '简体中文')!.click!();
    expect(setLocale).toHaveBeenCalledWith('zh-CN');
    expect(find(menuTemplate(actions()), 'Language / 语言')).toBeUndefined();
  });

  it('opens the picked folder through the service and hands the page the handle', async () => {
    const handle = { id: 'abcd0123', scan: {}, samples: {} };
    const d = {
      showOpenDialog: vi.fn(async (_o: unknown) => ({ canceled: false, filePaths: ['/data/pets'] })),
      call: vi.fn(async () => ({ ok: true, value: handle })),
      opened: vi.fn(), showError: vi.fn(),
    };
    await expect(openDatasetFlow(d as never)).resolves.toBe(handle);
    expect(d.showOpenDialog.mock.calls[0]![0]).toMatchObject({ properties: ['openDirectory'] });
    expect(d.call).toHaveBeenCalledWith('dataset:open', { path: '/data/pets' });
    expect(d.opened).toHaveBeenCalledWith(handle);
  });

  it('does nothing when cancelled and shows the core error otherwise', async () => {
    const d = {
      showOpenDialog: vi.fn(async (_o: unknown) => ({ canceled: true, filePaths: [] as string[] })),
      call: vi.fn(async () => ({ ok: false, error: { code: 'DATASET_EMPTY', message: 'No class folders', file: '/data/empty' } })),
      opened: vi.fn(), showError: vi.fn(),
    };
    await expect(openDatasetFlow(d as never)).resolves.toBeNull();
    expect(d.call).not.toHaveBeenCalled();
    d.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/data/empty'] });
    await expect(openDatasetFlow(d as never)).resolves.toBeNull();
    expect(d.showError).toHaveBeenCalledWith('Cannot open this folder', expect.stringContaining('/data/empty'));
    expect(d.opened).not.toHaveBeenCalled();
  });
});
