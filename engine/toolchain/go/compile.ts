/**
 * The compile and link steps: per-package checks gc and the linker would fail on,
 * the build cache in GOCACHE (a warm cache makes a rebuild fast), modeled durations,
 * and the linked binary's size and bytes.
 */
import type { LazyBytes, WorkFs } from '../../fs/types.ts';
import type { BinaryInfo, GoProgram } from '../binary/payload.ts';
import { fillPadding, lazyPadding } from '../binary/padding.ts';
import { lazyBinary, seedOf } from '../binary/write.ts';
import { FNV_START, fnvOn } from '../../util/prng.ts';
import type { GoEnv } from './env.ts';
import type { BuildGraph } from './graph.ts';
import type { GoPackage } from './load.ts';
import { GoCommandError } from './load.ts';
import { moduleFacts } from './modules.ts';
import { startupOutput } from './interp/run.ts';
import type { GoSyntaxError } from './lexer.ts';
import type { GoFile } from './source.ts';
import { undefinedSelector, unusedImport } from './source.ts';
import { RUNTIME_BYTES, stdWeight } from './stdlib.ts';

/** Link options from the command line. */
export interface LinkOptions {
  /** `-X importpath.name=value` overrides. */
  readonly xdefs: ReadonlyMap<string, string>;
  /** `-s` / `-w`: omit the symbol table / DWARF. */
  readonly strip: boolean;
  readonly trimpath: boolean;
}

/** Modeled compile time of `bytes` of source. */
const compileMs = (bytes: number): number => 12 + bytes / 6_000;
/** Modeled compile time of a std package (Go ≥ 1.20 compiles std into GOCACHE on first use). */
const stdCompileMs = (path: string): number => 8 + stdWeight(path) / 900;
/** Modeled link time of a binary of `size` bytes. */
const linkMs = (size: number): number => 90 + size / 25_000;

/**
 * Runs gc's checks on a package: unused imports, selectors of same-module packages
 * that do not exist (`undefined: greeting.Bannr`), and `func main` for package main.
 * `pkgs` holds the loaded main-module packages by import path.
 */
export function checkPackage(pkg: GoPackage, requireMain: boolean, pkgs?: ReadonlyMap<string, GoPackage>): void {
  for (const f of pkg.files) {
    // gc prints a file's type errors in source order: the first of them
    const errors: GoSyntaxError[] = [];
    const err = unusedImport(f);
    if (err) errors.push(err);
    for (const imp of f.imports) {
      const dep = pkgs?.get(imp.path);
      if (!dep) continue;
      const has = (sel: string): boolean => dep.files.some((d) => d.funcs.has(sel) || d.values.has(sel) || d.types.has(sel));
      const u = undefinedSelector(f, imp.path, has);
      if (u) errors.push(u);
    }
    if (f.typeError) errors.push(f.typeError);
    const first = errors.sort((a, b) => a.line - b.line || a.col - b.col)[0];
    if (first) throw new GoCommandError(`${f.path}:${first.line}:${first.col}: ${first.message}`, pkg.importPath);
  }
  if (requireMain && pkg.name === 'main' && !pkg.files.some((f) => f.funcs.has('main'))) {
    throw new GoCommandError('runtime.main_main·f: function main is undeclared in the main package', pkg.importPath);
  }
}

const hex = (n: number): string => n.toString(16).padStart(8, '0');

/** Cache entry path of `key` in GOCACHE (`<gocache>/ab/ab12…-d`). */
function cachePath(gocache: string, key: string): string {
  const h = hex(seedOf(key)) + hex(seedOf(`${key}#2`)) + hex(seedOf(`${key}#3`)) + hex(seedOf(`${key}#4`));
  return `${gocache}/${h.slice(0, 2)}/${h}-d`;
}

const CACHE_README =
  'This directory holds cached build artifacts from the Go build system.\nRun "go clean -cache" if the directory is getting too large.\nRun "go clean -fuzzcache" to delete the fuzz cache.\nSee golang.org to learn more about Go.\n';

/** Looks up or fills a GOCACHE entry of about `bytes` bytes for `key`; returns whether it was a hit. */
export function cached(fs: WorkFs, gocache: string, key: string, bytes: number): boolean {
  const path = cachePath(gocache, key);
  if (fs.stat(path)) return true;
  fs.mkdir(path.slice(0, path.lastIndexOf('/')), { recursive: true });
  if (!fs.stat(`${gocache}/README`)) fs.writeFile(`${gocache}/README`, new TextEncoder().encode(CACHE_README));
  fs.writeContent(path, lazyPadding(seedOf(key), Math.max(64, Math.floor(bytes))));
  return false;
}

/** `seedOf` the files' token texts, space-separated within a file, files on their own lines (hashed without joining them). */
export function tokensSeed(files: readonly GoFile[]): number {
  let h = FNV_START | 0; // signed throughout (see fnvOn), unsigned at the end as seedOf gives it
  let file = 0;
  for (const f of files) {
    if (file++ > 0) h = fnvOn(h, '\n');
    h = f.tokens.fold(h, (h, text, from, to, t) => fnvOn(t > 0 ? fnvOn(h, ' ') : h, text, from, to));
  }
  return h >>> 0;
}

/** Result of compiling the graph. */
export interface CompileResult {
  readonly ms: number;
  /** Packages actually compiled (cache misses), for `-v`. */
  readonly compiled: readonly string[];
}

/** Compiles every package of the graph (std, modules, main module) against GOCACHE. */
export function compileGraph(fs: WorkFs, env: GoEnv, graph: BuildGraph, flagsKey: string): CompileResult {
  const target = `${env.goos}/${env.goarch}${env.goarm}|${flagsKey}`;
  let ms = 0;
  const compiled: string[] = [];
  for (const path of [...graph.std].sort()) {
    if (!cached(fs, env.gocache, `std|${path}|${env.version}|${target}`, stdWeight(path) * 10)) ms += stdCompileMs(path);
    else ms += 0.4;
  }
  for (const key of [...graph.modules].sort()) {
    const [mod, ver] = key.split('@') as [string, string];
    const facts = moduleFacts(mod, ver);
    if (!cached(fs, env.gocache, `mod|${key}|${target}`, facts.linkedBytes / 3)) {
      ms += compileMs(facts.sourceBytes);
      compiled.push(mod);
    } else ms += 0.4;
  }
  for (const pkg of graph.order) {
    const bytes = pkg.files.reduce((n, f) => n + f.size, 0);
    if (!cached(fs, env.gocache, `pkg|${pkg.importPath}|${tokensSeed(pkg.files)}|${target}`, bytes * 4)) {
      ms += compileMs(bytes);
      compiled.push(pkg.importPath);
    } else ms += 0.4;
  }
  return { ms, compiled };
}

/**
 * The same program linked for macOS or Windows is a little larger than for Linux (Mach-O
 * load commands and the cgo-free libSystem/kernel32 call stubs, PE relocations and
 * the Windows runtime's syscall tables): about +3 % and +6 % for the example app.
 */
const OS_SIZE_FACTOR: Readonly<Record<string, number>> = { darwin: 1.03, windows: 1.06 };

/** Linked size of main package `pkg`: runtime + reachable std + modules + own code. */
export function binarySize(graph: BuildGraph, pkg: GoPackage, opts: LinkOptions): number {
  const reach = graph.reach.get(pkg.importPath)!;
  let size = RUNTIME_BYTES;
  for (const s of reach.std) size += stdWeight(s);
  for (const key of reach.modules) {
    const [mod, ver] = key.split('@') as [string, string];
    size += moduleFacts(mod, ver).linkedBytes;
  }
  for (const l of [pkg.importPath, ...reach.local]) {
    const p = graph.pkgs.get(l);
    if (p) size += p.files.reduce((n, f) => n + f.size * 6, 0);
  }
  if (opts.trimpath) size -= 2_400;
  if (opts.strip) size = Math.floor(size * 0.71);
  return size;
}

/** Links main package `pkg` (dynamically against `interp` when given): the binary bytes and the modeled link time. */
export function linkBinary(graph: BuildGraph, pkg: GoPackage, env: GoEnv, opts: LinkOptions, interp?: string): { content: LazyBytes; ms: number } {
  const program = goProgram(graph, pkg, opts);
  const files = new Map([pkg, ...[...(graph.reach.get(pkg.importPath)?.local ?? [])].map((p) => graph.pkgs.get(p)!)].flatMap((p) => p.files.map((f) => [f.path, f.tokens] as const)));
  const output = startupOutput(program, `./${pkg.importPath.slice(pkg.importPath.lastIndexOf('/') + 1)}`, (path) => files.get(path));
  const base = { goos: env.goos, goarch: env.goarch, goarm: env.goarm, pkg: pkg.importPath, output, program };
  const info: BinaryInfo = interp ? { ...base, interp } : base;
  const size = Math.round(binarySize(graph, pkg, opts) * (OS_SIZE_FACTOR[env.goos] ?? 1));
  return { content: lazyBinary(info, size), ms: linkMs(size) };
}

/**
 * What the binary of main package `pkg` carries to be run: the sources of `pkg` and of the
 * packages of its module it imports (directly or not), and the `-X` overrides.
 */
export function goProgram(graph: BuildGraph, pkg: GoPackage, opts: LinkOptions): GoProgram {
  const local = [...(graph.reach.get(pkg.importPath)?.local ?? [])].sort();
  const packages = [pkg, ...local.map((p) => graph.pkgs.get(p)!)].map((p) => ({
    path: p.importPath,
    name: p.name,
    files: p.files.map((f) => {
      const base = f.path.slice(f.path.lastIndexOf('/') + 1);
      return { path: f.path, abs: `${opts.trimpath ? p.importPath : p.dir}/${base}`, src: f.tokens.raw().src };
    }),
  }));
  return { main: pkg.importPath, packages, xdefs: Object.fromEntries(opts.xdefs) };
}

/** A package archive (`go build -o x ./nonmain`): `!<arch>` plus object bytes sized like the package. */
export function packageArchive(pkg: GoPackage): Uint8Array {
  const bytes = pkg.files.reduce((n, f) => n + f.size, 0) * 5 + 2_048;
  const out = new Uint8Array(bytes);
  out.set(new TextEncoder().encode('!<arch>\n__.PKGDEF       0           0     0     644     '));
  fillPadding(out, 60, bytes - 60, seedOf(pkg.importPath));
  return out;
}
