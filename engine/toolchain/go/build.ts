/** `go build`, `go install` and `go vet`: load, download what is missing, compile, link. */
import type { LazyBytes, WorkFs } from '../../fs/types.ts';
import type { ExecContext, ExecResult } from '../types.ts';
import { cgoInterpreter } from './cgo.ts';
import { checkPackage, compileGraph, linkBinary, packageArchive } from './compile.ts';
import type { LinkOptions } from './compile.ts';
import type { GoEnv } from './env.ts';
import { findGoMod } from './env.ts';
import { STARTUP_MS, noGoMod, reportFailure } from './fail.ts';
import { parseFlags, parseLdflags } from './flags.ts';
import type { BuildGraph } from './graph.ts';
import { loadGraph } from './graph.ts';
import type { GoPackage } from './load.ts';
import { GoCommandError, loadMainModule, resolvePatterns } from './load.ts';
import { fetchMs, isDownloaded, moduleFacts, storeModule } from './modules.ts';
import { RUNTIME_BYTES, stdWeight } from './stdlib.ts';
import { lazyBinary } from '../binary/write.ts';
import type { BinaryInfo } from '../binary/payload.ts';

/** Flags shared by build, install, vet and test. */
export const BUILD_BOOLS = ['v', 'x', 'a', 'n', 'trimpath', 'race', 'buildvcs', 'modcacherw', 'work', 'linkshared'];
export const BUILD_VALUES = ['o', 'ldflags', 'gcflags', 'asmflags', 'tags', 'mod', 'p', 'pkgdir', 'buildmode', 'compiler', 'modfile', 'overlay', 'pgo'];

/** Downloads (models fetching) the graph's modules missing from the module cache; returns ms. */
export function ensureModules(ctx: ExecContext, env: GoEnv, modules: Iterable<string>): number {
  let ms = 0;
  for (const key of [...modules].sort()) {
    const [mod, ver] = key.split('@') as [string, string];
    if (isDownloaded(ctx.fs, env.gomodcache, mod, ver)) continue;
    ctx.stderr(`go: downloading ${mod} ${ver}\n`);
    ms += fetchMs(storeModule(ctx.fs, env.gomodcache, mod, ver).zipBytes);
  }
  return ms;
}

/** Loads the main module and the packages `patterns` name, with all their imports checked. */
export function loadBuild(ctx: ExecContext, env: GoEnv, patterns: readonly string[], withTests: boolean): BuildGraph {
  const gomod = findGoMod(ctx);
  if (!gomod) throw noGoMod();
  const main = loadMainModule(ctx.fs, gomod);
  const dirs = resolvePatterns(ctx.fs, main, ctx.cwd, patterns);
  return loadGraph(ctx.fs, main, env, ctx.cwd, dirs, withTests);
}

/** The executable name of a main package: its last path element (`cmd/server` → `server`). */
export function exeName(pkg: GoPackage, env: GoEnv): string {
  const parts = pkg.importPath.split('/');
  let last = parts[parts.length - 1]!;
  if (/^v[0-9]+$/.test(last) && parts.length > 1) last = parts[parts.length - 2]!;
  return env.goos === 'windows' ? `${last}.exe` : last;
}

function writeExe(fs: WorkFs, ctx: ExecContext, path: string, content: Uint8Array | LazyBytes, mode: number): void {
  const dir = path.slice(0, path.lastIndexOf('/')) || '/';
  fs.mkdir(dir, { recursive: true });
  fs.writeContent(path, content, { mode, uid: ctx.user.uid, gid: ctx.user.gid });
}

const abs = (cwd: string, p: string): string => (p.startsWith('/') ? p : `${cwd.replace(/\/+$/, '')}/${p}`);

const USAGE: Record<string, string> = {
  build: "usage: go build [-o output] [build flags] [packages]\nRun 'go help build' for details.",
  install: "usage: go install [build flags] [packages]\nRun 'go help install' for details.",
  vet: "usage: go vet [-n] [-x] [-vettool prog] [build flags] [vet flags] [packages]\nRun 'go help vet' for details.",
};

/** Runs `go build|install|vet argv` (argv without the subcommand). */
export function runBuild(ctx: ExecContext, env: GoEnv, mode: 'build' | 'install' | 'vet', argv: readonly string[]): ExecResult {
  let ms = STARTUP_MS;
  try {
    const flags = parseFlags([...env.goflags, ...argv], BUILD_BOOLS, BUILD_VALUES);
    if (mode === 'install' && flags.args.some((a) => a.includes('@'))) return installVersioned(ctx, env, flags.args);
    const ld = parseLdflags(flags.values.get('ldflags') ?? '');
    const link: LinkOptions = { xdefs: ld.xdefs, strip: ld.strip, trimpath: flags.bools.has('trimpath') };
    const graph = loadBuild(ctx, env, flags.args, false);
    ms += ensureModules(ctx, env, graph.modules);
    for (const pkg of graph.order) checkPackage(pkg, graph.roots.includes(pkg) && mode !== 'vet', graph.pkgs);
    const flagsKey = `${flags.bools.has('trimpath')}|${flags.values.get('gcflags') ?? ''}|${flags.bools.has('race')}`;
    const compiled = compileGraph(ctx.fs, env, graph, flagsKey);
    ms += compiled.ms;
    if (flags.bools.has('v')) for (const p of compiled.compiled) ctx.stderr(`${p}\n`);
    if (mode === 'vet') return { exitCode: 0, modeledMs: ms + graph.order.length * 30 };
    const mains = graph.roots.filter((p) => p.name === 'main');
    const out = flags.values.get('o');
    if (mode === 'install') {
      const bin = env.vars.get('GOBIN') || `${env.gopath}/bin`;
      const cross = env.goos !== env.hostOs || env.goarch !== env.hostArch;
      for (const pkg of mains) {
        const target = cross ? `${env.gopath}/bin/${env.goos}_${env.goarch}/${exeName(pkg, env)}` : `${bin}/${exeName(pkg, env)}`;
        const linked = linkBinary(graph, pkg, env, link, cgoInterpreter(ctx.fs, ctx.env, env, graph, pkg));
        writeExe(ctx.fs, ctx, target, linked.content, 0o755);
        ms += linked.ms;
      }
      return { exitCode: 0, modeledMs: ms };
    }
    if (out !== undefined) {
      const target = abs(ctx.cwd, out);
      const isDir = out.endsWith('/') || ctx.fs.stat(target)?.type === 'dir';
      if (graph.roots.length > 1 && !isDir) throw new GoCommandError(`go: cannot write multiple packages to non-directory ${out}`);
      for (const pkg of graph.roots) {
        const path = isDir ? `${target.replace(/\/+$/, '')}/${exeName(pkg, env)}` : target;
        if (pkg.name !== 'main') {
          if (!isDir) writeExe(ctx.fs, ctx, path, packageArchive(pkg), 0o644);
          continue;
        }
        const linked = linkBinary(graph, pkg, env, link, cgoInterpreter(ctx.fs, ctx.env, env, graph, pkg));
        writeExe(ctx.fs, ctx, path, linked.content, 0o755);
        ms += linked.ms;
      }
      return { exitCode: 0, modeledMs: ms };
    }
    if (graph.roots.length === 1 && mains.length === 1) {
      const linked = linkBinary(graph, mains[0]!, env, link, cgoInterpreter(ctx.fs, ctx.env, env, graph, mains[0]!));
      writeExe(ctx.fs, ctx, abs(ctx.cwd, exeName(mains[0]!, env)), linked.content, 0o755);
      ms += linked.ms;
    }
    return { exitCode: 0, modeledMs: ms };
  } catch (e) {
    return reportFailure(e, ctx, USAGE[mode]!, ms, mode === 'vet');
  }
}

/** `go install module/cmd@version`: fetch the module, install its binary (outside any main module). */
function installVersioned(ctx: ExecContext, env: GoEnv, args: readonly string[]): ExecResult {
  let ms = STARTUP_MS;
  for (const arg of args) {
    const [path, version] = arg.split('@') as [string, string];
    if (!version) throw new GoCommandError(`go: ${arg}: all arguments must refer to packages in the same module at the same version (@${version})`);
    const resolved = version === 'latest' ? 'v1.0.0' : version;
    const mod = path.split('/').slice(0, 3).join('/');
    ms += ensureModules(ctx, env, [`${mod}@${resolved}`]);
    const name = path.split('/').pop()!;
    const info = { goos: env.goos, goarch: env.goarch, goarm: env.goarm, pkg: path, output: [] };
    const content = linkBinaryForModule(info, mod, resolved);
    writeExe(ctx.fs, ctx, `${env.vars.get('GOBIN') || `${env.gopath}/bin`}/${name}`, content, 0o755);
    ms += 2_000;
  }
  return { exitCode: 0, modeledMs: ms };
}

/** A tool installed from the module proxy: runtime + fmt/os + the module, printing nothing the mock can know. */
function linkBinaryForModule(info: BinaryInfo, mod: string, version: string): LazyBytes {
  return lazyBinary(info, RUNTIME_BYTES + stdWeight('fmt') + stdWeight('os') + moduleFacts(mod, version).linkedBytes * 4);
}
