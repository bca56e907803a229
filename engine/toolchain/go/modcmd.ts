/** `go mod download [-x] [-json] [modules]` and `go mod tidy`. */
import type { ExecContext, ExecResult } from '../types.ts';
import { ensureModules } from './build.ts';
import type { GoEnv } from './env.ts';
import { findGoMod } from './env.ts';
import { STARTUP_MS, reportFailure } from './fail.ts';
import { parseFlags } from './flags.ts';
import type { Requirement } from './gomod.ts';
import { goMinor } from './gomod.ts';
import type { MainModule } from './load.ts';
import { GoCommandError, loadMainModule, readPackage, resolvePatterns } from './load.ts';
import { escapePath, fetchMs, isDownloaded, moduleFacts, storeModule } from './modules.ts';
import { isStd, looksStd } from './stdlib.ts';

const enc = new TextEncoder();

const secs = (ms: number): string => `${(ms / 1000).toFixed(3)}s`;

function requireMain(ctx: ExecContext): { main: MainModule; gomod: string } {
  const gomod = findGoMod(ctx);
  if (!gomod) throw new GoCommandError(`go: go.mod file not found in current directory or any parent directory; see 'go help modules'`);
  return { main: loadMainModule(ctx.fs, gomod), gomod };
}

/** Adds the `h1:` and `/go.mod h1:` lines of `reqs` missing from go.sum (sorted, as Go writes it). */
function writeGoSum(ctx: ExecContext, main: MainModule, reqs: readonly Requirement[], keepOnly: boolean): void {
  const path = `${main.root === '/' ? '' : main.root}/go.sum`;
  const existing = ctx.fs.stat(path) ? new TextDecoder().decode(ctx.fs.readFile(path)).split('\n').filter(Boolean) : [];
  const lines = new Set(keepOnly ? [] : existing);
  for (const r of reqs) {
    const f = moduleFacts(r.path, r.version);
    const have = (suffix: string): string | undefined => existing.find((l) => l.startsWith(`${r.path} ${r.version}${suffix} `));
    lines.add(have('') ?? `${r.path} ${r.version} ${f.h1}`);
    lines.add(have('/go.mod') ?? `${r.path} ${r.version}/go.mod ${f.goModH1}`);
  }
  const text = [...lines].sort().map((l) => `${l}\n`).join('');
  if (existing.join('\n') + (existing.length ? '\n' : '') !== text) ctx.fs.writeFile(path, enc.encode(text));
}

/** Runs `go mod download`. */
export function runModDownload(ctx: ExecContext, env: GoEnv, argv: readonly string[]): ExecResult {
  let ms = STARTUP_MS;
  try {
    const flags = parseFlags(argv, ['x', 'json', 'reuse'], []);
    const { main } = requireMain(ctx);
    const wanted = flags.args.length
      ? flags.args.map((a): Requirement => {
          const [p, v] = a.split('@') as [string, string | undefined];
          const req = main.mod.require.find((r) => r.path === p);
          if (!v && !req) throw new GoCommandError(`go: module ${p}: not a known dependency`);
          return { path: p, version: v ?? req!.version, indirect: false, line: 0 };
        })
      : main.mod.require;
    const proxy = (env.vars.get('GOPROXY') ?? '').split(/[,|]/)[0] ?? '';
    if (proxy === 'off') {
      const r = wanted.find((q) => !isDownloaded(ctx.fs, env.gomodcache, q.path, q.version));
      if (r) throw new GoCommandError(`go: ${r.path}@${r.version}: module lookup disabled by GOPROXY=off`);
    }
    const base = proxy.startsWith('http') ? proxy.replace(/\/+$/, '') : 'https://proxy.golang.org';
    const missing = wanted.filter((r) => !isDownloaded(ctx.fs, env.gomodcache, r.path, r.version));
    const x = flags.bools.has('x');
    const get = (r: Requirement, ext: string, bytes: number): void => {
      const took = fetchMs(bytes);
      ms += took;
      if (!x) return;
      const url = `${base}/${escapePath(r.path)}/@v/${r.version}.${ext}`;
      ctx.stderr(`# get ${url}\n# get ${url}: 200 OK (${secs(took)})\n`);
    };
    for (const r of missing) get(r, 'mod', 60);
    for (const r of missing) {
      get(r, 'zip', moduleFacts(r.path, r.version).zipBytes);
      storeModule(ctx.fs, env.gomodcache, r.path, r.version);
    }
    if (flags.bools.has('json')) {
      for (const r of wanted) {
        const dir = `${env.gomodcache}/cache/download/${escapePath(r.path)}/@v/${r.version}`;
        const f = moduleFacts(r.path, r.version);
        const obj = { Path: r.path, Version: r.version, Info: `${dir}.info`, GoMod: `${dir}.mod`, Zip: `${dir}.zip`, Dir: `${env.gomodcache}/${escapePath(r.path)}@${r.version}`, Sum: f.h1, GoModSum: f.goModH1 };
        ctx.stdout(`${JSON.stringify(obj, null, '\t')}\n`);
      }
    }
    if (!flags.args.length) writeGoSum(ctx, main, main.mod.require, false);
    return { exitCode: 0, modeledMs: ms };
  } catch (e) {
    return reportFailure(e, ctx, "usage: go mod download [-x] [-json] [-reuse=old.json] [modules]\nRun 'go help mod download' for details.", ms);
  }
}

/** Module path that provides an import missing from go.mod (`github.com/a/b/c` → `github.com/a/b`). */
function guessModule(path: string): string {
  const parts = path.split('/');
  const hosted = ['github.com', 'gitlab.com', 'bitbucket.org'].includes(parts[0]!);
  return hosted ? parts.slice(0, 3).join('/') : path;
}

/** Runs `go mod tidy`: requirements become exactly the modules the code imports; go.sum matches. */
export function runModTidy(ctx: ExecContext, env: GoEnv, argv: readonly string[]): ExecResult {
  let ms = STARTUP_MS;
  try {
    parseFlags(argv, ['v', 'e', 'x'], ['go', 'compat']);
    const { main, gomod } = requireMain(ctx);
    let dirs: string[] = [];
    try {
      dirs = resolvePatterns(ctx.fs, main, main.root, ['./...']);
    } catch {
      dirs = [];
    }
    const used = new Map<string, Requirement>();
    const added: Requirement[] = [];
    for (const dir of dirs) {
      const pkg = readPackage(ctx.fs, main, dir, ctx.cwd);
      if (!pkg) continue;
      for (const f of [...pkg.files, ...pkg.testFiles]) {
        for (const imp of f.imports) {
          const p = imp.path;
          if (looksStd(p)) {
            if (!isStd(p, goMinor(env.version))) throw new GoCommandError(`${pkg.importPath} imports\n\t${p}: package ${p} is not in std (${env.goroot}/src/${p})`);
            continue;
          }
          if (p === main.mod.module || p.startsWith(`${main.mod.module}/`)) continue;
          const req = main.mod.require.find((r) => p === r.path || p.startsWith(`${r.path}/`)) ?? added.find((r) => p === r.path || p.startsWith(`${r.path}/`));
          if (req) {
            used.set(req.path, req);
            continue;
          }
          const mod = guessModule(p);
          ctx.stderr(`go: finding module for package ${p}\n`);
          ctx.stderr(`go: found ${p} in ${mod} v1.0.0\n`);
          const r: Requirement = { path: mod, version: 'v1.0.0', indirect: false, line: 0 };
          added.push(r);
          used.set(mod, r);
          ms += fetchMs(2_000);
        }
      }
    }
    const reqs = [...used.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
    const lines = [`module ${main.mod.module}`, '', `go ${main.mod.go || env.version.split('.').slice(0, 2).join('.')}`];
    if (reqs.length === 1) lines.push('', `require ${reqs[0]!.path} ${reqs[0]!.version}`);
    else if (reqs.length > 1) lines.push('', 'require (', ...reqs.map((r) => `\t${r.path} ${r.version}`), ')');
    const text = `${lines.join('\n')}\n`;
    if (new TextDecoder().decode(ctx.fs.readFile(gomod)) !== text) ctx.fs.writeFile(gomod, enc.encode(text));
    ms += ensureModules(ctx, env, reqs.map((r) => `${r.path}@${r.version}`));
    writeGoSum(ctx, main, reqs, true);
    return { exitCode: 0, modeledMs: ms };
  } catch (e) {
    return reportFailure(e, ctx, "usage: go mod tidy [-e] [-v] [-x] [-go=version] [-compat=version]\nRun 'go help mod tidy' for details.", ms);
  }
}
