import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createHash } from 'node:crypto';
import type { BlobStore } from '#engine/store';
import { entry, setAside } from './store-lock.ts';

/**
 * Blobs on disk as an OCI layout keeps them: `<dir>/sha256/<hex>`, written to
 * `<hex>.tmp-<pid>` and renamed, so a crash never leaves a truncated blob under its digest
 * (the pid names the writer: the next command removes the temporaries of processes that
 * are gone, and never those of a build still writing). A blob whose bytes no longer match
 * its digest reads as missing; a directory where a blob or `sha256/` should be, or a file
 * where a directory should be, is set aside with a warning.
 */
export class DiskBlobStore implements BlobStore {
  constructor(
    private readonly dir: string,
    private readonly warn: (line: string) => void = () => {},
  ) {}

  private path(digest: string): string {
    const m = /^sha256:([a-f0-9]{64})$/.exec(digest);
    if (!m) throw new Error(`invalid digest ${JSON.stringify(digest)}`);
    return join(this.dir, 'sha256', m[1]!);
  }

  async get(digest: string): Promise<Uint8Array | undefined> {
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.path(digest));
    } catch {
      return undefined;
    }
    return `sha256:${createHash('sha256').update(bytes).digest('hex')}` === digest ? bytes : undefined;
  }

  async put(digest: string, bytes: Uint8Array): Promise<void> {
    const p = this.path(digest);
    // kept when a file of the blob's size is there (hashing every stored blob on each build
    // would cost more than it finds); one of another size was damaged: written again
    const st = entry(p);
    if (st?.isFile() && st.size === bytes.byteLength) return;
    this.directory(this.dir);
    this.directory(dirname(p));
    this.clearWrongType(p);
    const tmp = `${p}.tmp-${process.pid}`;
    const fd = openSync(tmp, 'w');
    try {
      for (let off = 0; off < bytes.byteLength; ) off += writeSync(fd, bytes, off, bytes.byteLength - off);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, p);
  }

  async has(digest: string): Promise<boolean> {
    return entry(this.path(digest))?.isFile() === true;
  }

  async delete(digest: string): Promise<void> {
    const p = this.path(digest);
    if (entry(p)?.isDirectory()) this.clearWrongType(p);
    else rmSync(p, { force: true });
  }

  async list(): Promise<string[]> {
    try {
      return readdirSync(join(this.dir, 'sha256'))
        .filter((n) => /^[a-f0-9]{64}$/.test(n))
        .map((n) => `sha256:${n}`)
        .sort();
    } catch {
      return [];
    }
  }

  /** `path` as a directory: anything else there is set aside first. */
  private directory(path: string): void {
    const st = entry(path);
    if (st?.isDirectory()) return;
    if (st) setAside(path, 'not a directory', 'making it again', this.warn);
    mkdirSync(path, { recursive: true });
  }

  /** A blob path that holds something other than a file is set aside. */
  private clearWrongType(path: string): void {
    const st = entry(path);
    if (st && !st.isFile()) setAside(path, 'not a regular file', 'storing the blob again', this.warn);
  }
}
