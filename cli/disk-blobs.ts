import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import type { BlobStore } from '../engine/store/index.ts';

/**
 * Blobs on disk as an OCI layout keeps them: `<dir>/sha256/<hex>`, written to a temporary
 * name and renamed, so a crash never leaves a truncated blob under its digest. A blob
 * whose bytes no longer match its digest (damaged on disk) reads as missing.
 */
export class DiskBlobStore implements BlobStore {
  constructor(private readonly dir: string) {}

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
    if (await this.has(digest)) return;
    mkdirSync(join(this.dir, 'sha256'), { recursive: true });
    const tmp = `${p}.tmp-${process.pid}`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, p);
  }

  async has(digest: string): Promise<boolean> {
    try {
      return statSync(this.path(digest)).isFile();
    } catch {
      return false;
    }
  }

  async delete(digest: string): Promise<void> {
    rmSync(this.path(digest), { force: true });
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
}
