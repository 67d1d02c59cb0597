/**
 * The files of a folder the browser hands over: a drop (DataTransferItem.webkitGetAsEntry, walked directory by
 * directory) or a folder picker (`<input webkitdirectory>`, whose files carry webkitRelativePath). Paths come out
 * relative to the dropped or picked folder, as planUpload expects.
 */
import type { UploadFile } from './upload';

const fromFile = (f: File, path: string): UploadFile => ({ path, size: f.size, read: async () => new Uint8Array(await f.arrayBuffer()) });

/** Picked with webkitdirectory: `pets/cat/a.jpg` → `cat/a.jpg` (the picked folder itself is no class). */
export function filesFromInput(list: FileList | File[]): UploadFile[] {
  return Array.from(list, (f) => {
    const rel = (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name;
    return fromFile(f, rel.split('/').slice(rel.includes('/') ? 1 : 0).join('/'));
  });
}

const fileOf = (e: FileSystemFileEntry) => new Promise<File>((resolve, reject) => e.file(resolve, reject));

/** Every entry of a directory (readEntries answers in pages until an empty one). */
async function entriesOf(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const page = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (!page.length) return all;
    all.push(...page);
  }
}

async function walk(entry: FileSystemEntry, prefix: string, out: UploadFile[]): Promise<void> {
  if (entry.isFile) {
    const f = await fileOf(entry as FileSystemFileEntry).catch(() => null);
    // An entry that cannot be opened still gets listed: its read fails and the summary names it.
    out.push(f ? fromFile(f, prefix + entry.name) : { path: prefix + entry.name, size: 0, read: () => Promise.reject(new Error('cannot be read')) });
  } else if (entry.isDirectory) {
    for (const child of await entriesOf(entry as FileSystemDirectoryEntry)) await walk(child, `${prefix}${entry.name}/`, out);
  }
}

/** A drop: each dropped folder's files relative to it; loose files by their names. */
export async function filesFromDrop(dt: DataTransfer): Promise<UploadFile[]> {
  const entries = Array.from(dt.items ?? []).map((i) => i.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
  if (!entries.length) return Array.from(dt.files ?? [], (f) => fromFile(f, f.name));
  const out: UploadFile[] = [];
  for (const e of entries) {
    if (e.isDirectory) for (const child of await entriesOf(e as FileSystemDirectoryEntry)) await walk(child, '', out);
    else await walk(e, '', out);
  }
  return out;
}
