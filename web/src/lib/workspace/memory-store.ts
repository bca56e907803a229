import type { FileStore } from './store.ts';
import type { StoredFile } from './idb-store.ts';

/**
 * A {@link FileStore} in a `Map` that lasts as long as the page: the fallback when
 * IndexedDB is unavailable. The same semantics as `IdbFileStore` (bytes are copied in and
 * out, as IndexedDB clones them; renaming a missing file fails), so tests can use either.
 */
export class MemoryFileStore implements FileStore {
  private files = new Map<string, StoredFile>();
  private seeded = false;

  async load(): Promise<Map<string, string> | null> {
    if (!this.seeded) return null;
    const out = new Map<string, string>();
    for (const [path, file] of this.sorted()) if (file.kind === 'text') out.set(path, file.data);
    return out;
  }

  async loadBinaries(): Promise<Map<string, Uint8Array>> {
    const out = new Map<string, Uint8Array>();
    for (const [path, file] of this.sorted()) if (file.kind === 'binary') out.set(path, file.data.slice());
    return out;
  }

  async write(path: string, text: string): Promise<void> {
    this.files.set(path, { kind: 'text', data: text });
  }

  async writeBytes(path: string, bytes: Uint8Array): Promise<void> {
    this.files.set(path, { kind: 'binary', data: bytes.slice() });
  }

  async remove(path: string): Promise<void> {
    this.files.delete(path);
  }

  async rename(from: string, to: string): Promise<void> {
    const file = this.files.get(from);
    if (file === undefined) throw new Error(`cannot rename ${from}: no such file`);
    this.files.delete(from);
    this.files.set(to, file);
  }

  async replaceAll(files: ReadonlyMap<string, string>): Promise<void> {
    this.files = new Map([...files].map(([path, text]) => [path, { kind: 'text', data: text }]));
    this.seeded = true;
  }

  /** Every operation is done when it returns. */
  async flush(): Promise<void> {}

  private sorted(): [string, StoredFile][] {
    return [...this.files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
}
