import type { ExecContext, ExecResult, Toolchain } from '../types.ts';
import type { LazyBytes, WorkFs } from '../../fs/types.ts';
import { toolMarker } from '../marker.ts';
import { lazyFiller } from '../../fs/filler.ts';
import { INDEX, type IndexPackage } from './packages.ts';
import { readDb, readWorld, recordFor, virtualRecord, writeDb, writeWorld, type DbRecord } from './db.ts';

/** Modeled costs: index fetch per repository, per-package overhead, download and unpack rates. */
const COST = { indexMs: 350, packageMs: 40, downloadBytesPerMs: 25_000, unpackBytesPerMs: 150_000 };

const dec = new TextDecoder();

function strip(dep: string): string {
  return dep.replace(/[<>=~].*$/, '');
}

function arch(fs: WorkFs): string {
  return fs.stat('/etc/apk/arch') ? dec.decode(fs.readFile('/etc/apk/arch')).trim() : 'x86_64';
}

function repos(fs: WorkFs): string[] {
  if (!fs.stat('/etc/apk/repositories')) return ['https://dl-cdn.alpinelinux.org/alpine/v3.18/main'];
  return dec.decode(fs.readFile('/etc/apk/repositories')).split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
}

function mib(records: readonly DbRecord[]): number {
  return Math.round(records.reduce((n, r) => n + r.size, 0) / (1024 * 1024));
}

function mkdirp(fs: WorkFs, dir: string): void {
  if (!fs.stat(dir)) fs.mkdir(dir, { recursive: true, mode: 0o755, uid: 0, gid: 0 });
}

/** Writes a package's files: marked tools keep their marker; the rest is filler of the right size. */
function installFiles(fs: WorkFs, p: IndexPackage, now: number): void {
  const lazy = (fs as WorkFs & { writeContent?: (path: string, c: LazyBytes, o: object) => void }).writeContent;
  for (const f of p.files) {
    const path = f[0];
    mkdirp(fs, path.slice(0, path.lastIndexOf('/')) || '/');
    if (f[1] === '->') {
      if (fs.lstat(path)) fs.rm(path);
      fs.symlink(f[2], path, { uid: 0, gid: 0, mtime: now });
      continue;
    }
    const size = f[1];
    const tool = f[2];
    const exec = /\/(s?bin|libexec)\//.test(path) || tool !== undefined;
    const opts = { mode: exec ? 0o755 : 0o644, uid: 0, gid: 0, mtime: now };
    const head = tool ? toolMarker(tool) : undefined;
    const content = lazyFiller(`apk:${p.name}-${p.version}:${path}`, Math.max(size, head?.length ?? 0), exec ? 0.45 : 0.3, head);
    if (lazy && size > 64 * 1024) lazy.call(fs, path, content, opts);
    else fs.writeFile(path, content.load(), opts);
  }
}

interface Io {
  out(s: string): void;
  err(s: string): void;
}

/** Resolves `names` and their dependencies to the packages not yet installed, dependencies first. */
function plan(names: readonly string[], installed: Set<string>): { order: IndexPackage[]; missing: string[] } {
  const order: IndexPackage[] = [];
  const seen = new Set<string>();
  const missing: string[] = [];
  const visit = (n: string): void => {
    if (installed.has(n) || seen.has(n)) return;
    seen.add(n);
    const p = INDEX.get(n);
    if (!p) {
      missing.push(n);
      return;
    }
    for (const d of p.depends) visit(strip(d));
    order.push(p);
  };
  for (const n of names) visit(strip(n));
  return { order, missing };
}

function fetchLines(fs: WorkFs, io: Io): number {
  const a = arch(fs);
  const rs = repos(fs);
  for (const r of rs) io.out(`fetch ${r}/${a}/APKINDEX.tar.gz\n`);
  return rs.length * COST.indexMs;
}

function add(args: string[], fs: WorkFs, io: Io, now: number): ExecResult {
  let virtual: string | undefined;
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--virtual' || a === '-t') virtual = args[++i];
    else if (a.startsWith('--virtual=')) virtual = a.slice(10);
    else if (a.startsWith('-')) continue;
    else names.push(a);
  }
  let ms = fetchLines(fs, io);
  const db = readDb(fs);
  const installed = new Set(db.map((r) => r.name));
  const { order, missing } = plan(names, installed);
  if (missing.length) {
    io.err('ERROR: unable to select packages:\n');
    for (const m of missing) io.err(`  ${m} (no such package):\n    required by: world[${m}]\n`);
    return { exitCode: 1, modeledMs: ms };
  }
  const a = arch(fs);
  const total = order.length + (virtual ? 1 : 0);
  let step = 0;
  const records = [...db];
  const triggers: string[] = [];
  for (const p of order) {
    io.out(`(${++step}/${total}) Installing ${p.name} (${p.version})\n`);
    installFiles(fs, p, now);
    records.push(recordFor(p, a, now));
    ms += COST.packageMs + (p.size * 0.42) / COST.downloadBytesPerMs + p.size / COST.unpackBytesPerMs;
    if (p.trigger) triggers.push(`${p.name}-${p.version}`);
  }
  if (virtual) {
    const d = new Date(now * 1000);
    const z = (n: number) => String(n).padStart(2, '0');
    const ver = `${d.getUTCFullYear()}${z(d.getUTCMonth() + 1)}${z(d.getUTCDate())}.${z(d.getUTCHours())}${z(d.getUTCMinutes())}${z(d.getUTCSeconds())}`;
    io.out(`(${++step}/${total}) Installing ${virtual} (${ver})\n`);
    records.push(virtualRecord(virtual, ver, names, a, now));
  }
  const bb = records.find((r) => r.name === 'busybox');
  if (order.some((p) => p.files.some((f) => /^\/(usr\/)?s?bin\//.test(f[0]))) && bb) triggers.unshift(`busybox-${bb.version}`);
  for (const t of triggers) io.out(`Executing ${t}.trigger\n`);
  writeDb(fs, records);
  writeWorld(fs, [...readWorld(fs), ...(virtual ? [virtual] : names.map(strip))]);
  io.out(`OK: ${mib(records)} MiB in ${records.length} packages\n`);
  return { exitCode: 0, modeledMs: ms };
}

function del(args: string[], fs: WorkFs, io: Io): ExecResult {
  const names = args.filter((a) => !a.startsWith('-'));
  const db = readDb(fs);
  const world = readWorld(fs).filter((w) => !names.includes(w));
  const byName = new Map(db.map((r) => [r.name, r]));
  for (const n of names) {
    if (!byName.has(n)) io.err(`WARNING: ${n} is not installed\n`);
  }
  // keep everything reachable from the remaining world
  const keep = new Set<string>();
  const visit = (n: string): void => {
    if (keep.has(n)) return;
    const r = byName.get(n);
    if (!r) return;
    keep.add(n);
    for (const d of r.depends) visit(strip(d));
  };
  for (const w of world) visit(strip(w));
  for (const r of db) if (!INDEX.has(r.name) && !names.includes(r.name) && !r.name.startsWith('.')) visit(r.name);
  const removed = db.filter((r) => !keep.has(r.name)).reverse();
  let step = 0;
  let ms = 0;
  for (const r of removed) {
    io.out(`(${++step}/${removed.length}) Purging ${r.name} (${r.version})\n`);
    for (const f of r.files) if (fs.lstat(f)) fs.rm(f, { force: true });
    ms += COST.packageMs;
  }
  const left = db.filter((r) => keep.has(r.name));
  writeDb(fs, left);
  writeWorld(fs, world);
  io.out(`OK: ${mib(left)} MiB in ${left.length} packages\n`);
  return { exitCode: 0, modeledMs: ms };
}

/**
 * `apk add [--no-cache] [--virtual NAME] pkgs`, `apk del`, `apk update`, `apk info`: a
 * simulated Alpine package manager over `INDEX` (no network is used; see README.md).
 */
export const apk: Toolchain = {
  name: 'apk',
  async run(argv: readonly string[], ctx: ExecContext): Promise<ExecResult> {
    const io: Io = { out: (s) => ctx.stdout(s), err: (s) => ctx.stderr(s) };
    const args = argv.slice(1).filter((a) => a !== '--no-cache' && a !== '-q' && a !== '--quiet' && a !== '--update' && a !== '-U' && a !== '--no-progress');
    const cmd = args[0];
    const now = Number(ctx.env.get('SOURCE_DATE_EPOCH') ?? 0) || 0;
    if (ctx.user.uid !== 0 && cmd && cmd !== 'info') {
      io.err('ERROR: Unable to lock database: Permission denied\nERROR: Failed to open apk database: Permission denied\n');
      return { exitCode: 99, modeledMs: 5 };
    }
    switch (cmd) {
      case 'add':
        return add(args.slice(1), ctx.fs, io, now);
      case 'del':
        return del(args.slice(1), ctx.fs, io);
      case 'update': {
        const ms = fetchLines(ctx.fs, io);
        for (const r of repos(ctx.fs)) io.out(`v3.18.4-${r.endsWith('community') ? '212' : '213'}-g0000000000 [${r}]\n`);
        io.out(`OK: ${r2(repos(ctx.fs).length)} distinct packages available\n`);
        return { exitCode: 0, modeledMs: ms };
      }
      case 'upgrade':
        return { exitCode: 0, modeledMs: fetchLines(ctx.fs, io) + (io.out(`OK: ${mib(readDb(ctx.fs))} MiB in ${readDb(ctx.fs).length} packages\n`), 0) };
      case 'info':
        for (const r of readDb(ctx.fs)) io.out(args.includes('-v') ? `${r.name}-${r.version}\n` : `${r.name}\n`);
        return { exitCode: 0, modeledMs: 20 };
      case '--print-arch':
        io.out(arch(ctx.fs) + '\n');
        return { exitCode: 0, modeledMs: 1 };
      default:
        io.err('apk-tools 2.14.0, compiled for x86_64.\n\nusage: apk [<OPTIONS>...] COMMAND [<ARGUMENTS>...]\n');
        return { exitCode: 1, modeledMs: 1 };
    }
  },
};

function r2(repoCount: number): number {
  return repoCount > 1 ? 20071 : 5347;
}
