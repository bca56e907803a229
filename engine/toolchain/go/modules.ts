/**
 * The module cache the mocked `go` fills: `$GOMODCACHE/cache/download/<path>/@v/<v>.{info,mod,zip,ziphash}`
 * and the extracted, read-only `$GOMODCACHE/<path>@<v>/` tree, with sizes like the real
 * modules. Downloads are modeled (latency + bytes / bandwidth), never performed.
 */
import type { WorkFs } from '../../fs/types.ts';
import { lazyPadding } from '../binary/padding.ts';
import { seedOf } from '../binary/write.ts';

/** What the mock knows about a module version. */
export interface ModuleFacts {
  /** Size of the module zip the proxy serves. */
  readonly zipBytes: number;
  /** Bytes the module's packages add to a linked binary. */
  readonly linkedBytes: number;
  /** Source bytes the compiler reads (drives the modeled build time). */
  readonly sourceBytes: number;
  /** Commit time the proxy's `.info` reports. */
  readonly time: string;
  readonly h1: string;
  readonly goModH1: string;
}

/** Real facts for the example project's dependencies. */
const KNOWN: Record<string, ModuleFacts> = {
  'github.com/google/uuid@v1.6.0': {
    zipBytes: 30_210, linkedBytes: 42_000, sourceBytes: 58_000, time: '2024-01-23T18:54:04Z',
    h1: 'h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=', goModH1: 'h1:TIyPZe4MgqvfeYDBFedMoGGpEw/LqOeaOT+nhxU+yHo=',
  },
  'github.com/spf13/pflag@v1.0.5': {
    zipBytes: 79_380, linkedBytes: 265_000, sourceBytes: 190_000, time: '2019-09-18T20:03:54Z',
    h1: 'h1:iy+VFUOCP1a+8yFto/drg2CJ5u0yRoB7fZw3DKv/JXA=', goModH1: 'h1:McXfInJRrz4CZXVZOBLb0bTZqETkiAhM9Iw0y3An2Bg=',
  },
};

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function fakeH1(key: string): string {
  let s = seedOf(key);
  let out = '';
  for (let i = 0; i < 43; i++) {
    s = Math.imul(s ^ (s >>> 13), 0x5bd1e995) >>> 0;
    out += B64[s & 63];
  }
  return `h1:${out}=`;
}

/** Facts for `path@version`: the real ones when known, else deterministic ones from a hash. */
export function moduleFacts(path: string, version: string): ModuleFacts {
  const key = `${path}@${version}`;
  const known = KNOWN[key];
  if (known) return known;
  const s = seedOf(key);
  const zipBytes = 20_000 + (s % 380_000);
  return {
    zipBytes,
    linkedBytes: 40_000 + Math.floor(zipBytes * 1.6),
    sourceBytes: zipBytes * 3,
    time: '2023-06-01T12:00:00Z',
    h1: fakeH1(key),
    goModH1: fakeH1(`${key}/go.mod`),
  };
}

/** Module path escaping of the cache and proxy (`BurntSushi` → `!burnt!sushi`). */
export function escapePath(path: string): string {
  return path.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
}

/** `$GOMODCACHE/<path>@<version>`: the extracted module tree. */
export function moduleDir(modcache: string, path: string, version: string): string {
  return `${modcache}/${escapePath(path)}@${version}`;
}

/** Whether the extracted tree of `path@version` is in the cache. */
export function isDownloaded(fs: WorkFs, modcache: string, path: string, version: string): boolean {
  return fs.stat(moduleDir(modcache, path, version))?.type === 'dir';
}

const enc = new TextEncoder();

/** Deterministic Go-looking text of about `size` bytes. */
function sourceText(pkg: string, size: number, seed: number): Uint8Array {
  const head = `// Package ${pkg} (module source as downloaded; contents abridged by stageplay).\npackage ${pkg}\n\n`;
  const lines: string[] = [head];
  let n = head.length;
  let s = seed;
  while (n < size) {
    s = Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) >>> 0;
    const line = `// ${pkg}:${(s % 100_000).toString().padStart(5, '0')} ${'abcdefghijklmnopqrstuvwxyz'.slice(s % 13, 13 + (s % 13))}\n`;
    lines.push(line);
    n += line.length;
  }
  return enc.encode(lines.join('').slice(0, Math.max(head.length, size)));
}

/** Writes the download cache entries and the extracted tree of one module. */
export function storeModule(fs: WorkFs, modcache: string, path: string, version: string): ModuleFacts {
  const facts = moduleFacts(path, version);
  const esc = escapePath(path);
  const dl = `${modcache}/cache/download/${esc}/@v`;
  fs.mkdir(dl, { recursive: true });
  const goMod = enc.encode(`module ${path}\n`);
  fs.writeFile(`${dl}/${version}.info`, enc.encode(JSON.stringify({ Version: version, Time: facts.time })));
  fs.writeFile(`${dl}/${version}.mod`, goMod);
  fs.writeContent(`${dl}/${version}.zip`, lazyPadding(seedOf(`${path}@${version}.zip`), facts.zipBytes, [0x50, 0x4b, 0x03, 0x04]));
  fs.writeFile(`${dl}/${version}.ziphash`, enc.encode(`${facts.h1}\n`));
  fs.writeFile(`${dl}/${version}.lock`, new Uint8Array(0));
  fs.writeFile(`${dl}/list`, enc.encode(`${version}\n`));

  const dir = moduleDir(modcache, path, version);
  fs.mkdir(dir, { recursive: true });
  const pkg = path.split('/').pop()!.replace(/[^A-Za-z0-9_]/g, '');
  fs.writeFile(`${dir}/go.mod`, goMod, { mode: 0o444 });
  fs.writeFile(`${dir}/LICENSE`, sourceText('license', 1_500, facts.zipBytes), { mode: 0o444 });
  fs.writeFile(`${dir}/README.md`, sourceText('readme', 2_400, facts.zipBytes + 1), { mode: 0o444 });
  fs.writeFile(`${dir}/${pkg}.go`, sourceText(pkg, facts.sourceBytes, facts.zipBytes + 2), { mode: 0o444 });
  fs.chmod(dir, 0o555);
  return facts;
}

/** Modeled time of fetching `bytes` from the proxy: latency (45 ms) plus ~12 MB/s. */
export function fetchMs(bytes: number): number {
  return 45 + bytes / 12_000;
}
