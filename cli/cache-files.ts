import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FORMAT = 1;

/**
 * A dump with byte blobs (the layer cache's and the cache mounts' `dump()`), kept as two
 * files: `<name>.json` (the plain data, blobs replaced by their sizes) and `<name>.bin`
 * (the blobs back to back). Written atomically, json last, so a torn write is detected.
 */
export function writeDump<T extends { readonly blobs: readonly Uint8Array[] }>(root: string, name: string, dump: T): void {
  mkdirSync(root, { recursive: true });
  const { blobs, ...rest } = dump;
  const bin = join(root, `${name}.bin`);
  const json = join(root, `${name}.json`);
  const tmpBin = `${bin}.tmp-${process.pid}`;
  const tmpJson = `${json}.tmp-${process.pid}`;
  writeFileSync(tmpBin, Buffer.concat(blobs.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength))));
  writeFileSync(tmpJson, JSON.stringify({ version: FORMAT, sizes: blobs.map((b) => b.byteLength), data: rest }));
  renameSync(tmpBin, bin);
  renameSync(tmpJson, json);
}

/**
 * Read what `writeDump` wrote; undefined when absent. A damaged pair is reported through
 * `warn` and reads as absent (the build starts with an empty cache).
 */
export function readDump<T extends { readonly blobs: readonly Uint8Array[] }>(root: string, name: string, warn: (line: string) => void): T | undefined {
  const json = join(root, `${name}.json`);
  if (!existsSync(json)) return undefined;
  try {
    const doc = JSON.parse(readFileSync(json, 'utf8')) as { version?: number; sizes?: number[]; data?: object };
    if (doc.version !== FORMAT || !Array.isArray(doc.sizes) || typeof doc.data !== 'object') throw new Error('unknown format');
    const bin = readFileSync(join(root, `${name}.bin`));
    const total = doc.sizes.reduce((a, b) => a + b, 0);
    if (total !== bin.byteLength) throw new Error(`expected ${total} bytes of data, found ${bin.byteLength}`);
    const blobs: Uint8Array[] = [];
    let off = 0;
    for (const n of doc.sizes) {
      blobs.push(new Uint8Array(bin.buffer, bin.byteOffset + off, n));
      off += n;
    }
    return { ...doc.data, blobs } as unknown as T;
  } catch (err) {
    warn(`WARNING: ignoring the build cache in ${json}: ${err instanceof Error ? err.message : String(err)} (starting with an empty cache)`);
    return undefined;
  }
}
