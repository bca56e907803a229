/** Node implementations of the platform services (node:crypto, node:zlib). */
import { createHash } from 'node:crypto';
import { createGzip, gunzipSync } from 'node:zlib';
import type { Chunks, Gzip, Hasher, PlatformDeps } from './types.ts';
import { concatBytes, normalizeGzipHeader } from './types.ts';

/** Streaming SHA-256 with node:crypto. */
export const nodeHasher: Hasher = {
  async sha256(chunks: Chunks): Promise<string> {
    const h = createHash('sha256');
    for await (const c of chunks) h.update(c);
    return h.digest('hex');
  },
};

/** Streaming gzip with node:zlib at level 6. */
export const nodeGzip: Gzip = {
  async gzip(chunks: Chunks): Promise<Uint8Array> {
    const z = createGzip({ level: 6 });
    const out: Uint8Array[] = [];
    z.on('data', (b: Buffer) => out.push(b));
    const done = new Promise<void>((resolve, reject) => {
      z.on('end', resolve);
      z.on('error', reject);
    });
    for await (const c of chunks) {
      if (!z.write(c)) await new Promise((r) => z.once('drain', r));
    }
    z.end();
    await done;
    return normalizeGzipHeader(concatBytes(out));
  },
  async gunzip(data: Uint8Array): Promise<Uint8Array> {
    return new Uint8Array(gunzipSync(data));
  },
};

/** Platform services for Node (CLI and tests). */
export const nodeDeps: PlatformDeps = { hasher: nodeHasher, gzip: nodeGzip };
