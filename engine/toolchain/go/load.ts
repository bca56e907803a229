/**
 * Loading packages the way `go build`/`go list` does in module mode: resolve patterns
 * to directories, parse their files, and check every import against the standard
 * library, the main module and the modules go.mod requires (with go.sum entries).
 */
import type { WorkFs } from '../../fs/types.ts';
import type { GoEnv } from './env.ts';
import type { GoMod } from './gomod.ts';
import { GoModError, goMinor, parseGoMod, parseGoSum } from './gomod.ts';
import type { GoFile } from './source.ts';
import { parseGoFile } from './source.ts';
import { isStd, looksStd } from './stdlib.ts';

/** The main module: go.mod, go.sum keys and the directory that holds them. */
export interface MainModule {
  readonly root: string;
  readonly mod: GoMod;
  readonly sum: ReadonlySet<string>;
}

/** A package of the main module. Files are split into build and `_test.go` files. */
export interface GoPackage {
  readonly importPath: string;
  readonly dir: string;
  readonly name: string;
  readonly files: readonly GoFile[];
  readonly testFiles: readonly GoFile[];
}

/** A failure worded like cmd/go; `compile` failures print under a `# importPath` header. */
export class GoCommandError extends Error {
  constructor(
    message: string,
    readonly header?: string,
  ) {
    super(message);
  }
}

const dec = new TextDecoder();

/** Reads the main module (go.mod + go.sum) at `gomodPath`. */
export function loadMainModule(fs: WorkFs, gomodPath: string): MainModule {
  const root = gomodPath.slice(0, gomodPath.lastIndexOf('/')) || '/';
  let mod: GoMod;
  try {
    mod = parseGoMod(dec.decode(fs.readFile(gomodPath)), gomodPath);
  } catch (e) {
    if (e instanceof GoModError) throw new GoCommandError(`go: errors parsing go.mod:\n${e.message}`);
    throw e;
  }
  const sumPath = `${root === '/' ? '' : root}/go.sum`;
  const sum = fs.stat(sumPath)?.type === 'file' ? parseGoSum(dec.decode(fs.readFile(sumPath))) : new Set<string>();
  return { root, mod, sum };
}

/** `path` relative to `cwd` the way cmd/go shortens file names in messages. */
export function shortPath(path: string, cwd: string): string {
  const base = cwd.replace(/\/+$/, '');
  if (path.startsWith(`${base}/`)) {
    const rel = path.slice(base.length + 1);
    return rel.includes('/') ? rel : `./${rel}`;
  }
  return path;
}

/** Reads and parses the package in `dir`; undefined when it has no .go files at all. */
export function readPackage(fs: WorkFs, main: MainModule, dir: string, cwd: string): GoPackage | undefined {
  if (fs.stat(dir)?.type !== 'dir') return undefined;
  const names = fs.readdir(dir).filter((n) => n.endsWith('.go') && fs.stat(`${dir}/${n}`)?.type === 'file');
  if (!names.length) return undefined;
  const rel = dir === main.root ? '' : dir.slice(main.root.length + 1);
  const importPath = rel ? `${main.mod.module}/${rel}` : main.mod.module;
  const files: GoFile[] = [];
  const testFiles: GoFile[] = [];
  // gc reports the syntax errors of every file of the package, file by file (the first of each here)
  const errors: string[] = [];
  for (const n of names) {
    const full = `${dir}/${n}`;
    const parsed = parseGoFile(shortPath(full, cwd), dec.decode(fs.readFile(full)));
    if ('error' in parsed) {
      const { line, col, message } = parsed.error;
      errors.push(`${parsed.path}:${line}:${col}: ${message}`);
      continue;
    }
    (n.endsWith('_test.go') ? testFiles : files).push(parsed.file);
  }
  if (errors.length) throw new GoCommandError(errors.join('\n'), importPath);
  if (!files.length) throw new GoCommandError(`no non-test Go files in ${dir}`);
  const pkgs = [...new Set(files.map((f) => f.pkg))];
  if (pkgs.length > 1) {
    const a = files.find((f) => f.pkg === pkgs[0])!;
    const b = files.find((f) => f.pkg === pkgs[1])!;
    const base = (p: string): string => p.slice(p.lastIndexOf('/') + 1);
    throw new GoCommandError(`found packages ${pkgs[0]} (${base(a.path)}) and ${pkgs[1]} (${base(b.path)}) in ${dir}`);
  }
  return { importPath, dir, name: pkgs[0]!, files, testFiles };
}

/** Resolves command-line package patterns (`.`, `./cmd/server`, `./...`, import paths) to directories. */
export function resolvePatterns(fs: WorkFs, main: MainModule, cwd: string, patterns: readonly string[]): string[] {
  const dirs: string[] = [];
  const abs = (p: string): string => {
    const parts = `${cwd}/${p}`.split('/');
    const out: string[] = [];
    for (const s of parts) {
      if (!s || s === '.') continue;
      if (s === '..') out.pop();
      else out.push(s);
    }
    return `/${out.join('/')}`;
  };
  for (const pat of patterns.length ? patterns : ['.']) {
    const local = pat === '.' || pat === '..' || pat.startsWith('./') || pat.startsWith('../') || pat.startsWith('/');
    let target = pat;
    if (!local) {
      if (pat !== main.mod.module && !pat.startsWith(`${main.mod.module}/`)) {
        if (looksStd(pat.replace(/\/\.\.\.$/, '')) && !isStd(pat, goMinor(main.mod.go || '1.20'))) {
          throw new GoCommandError(`package ${pat} is not in std (/usr/local/go/src/${pat})`);
        }
        throw new GoCommandError(`no required module provides package ${pat}; to add it:\n\tgo get ${pat}`);
      }
      target = main.root + pat.slice(main.mod.module.length);
    }
    if (target.endsWith('/...') || target === '...') {
      const base = target === '...' ? cwd : local ? abs(target.slice(0, -4)) : target.slice(0, -4);
      const found: string[] = [];
      const walk = (d: string): void => {
        if (fs.stat(d)?.type !== 'dir') return;
        const names = fs.readdir(d);
        if (names.some((n) => n.endsWith('.go') && !n.endsWith('_test.go'))) found.push(d);
        for (const n of names) {
          if (n.startsWith('.') || n.startsWith('_') || n === 'testdata' || n === 'vendor') continue;
          if (fs.stat(`${d}/${n}`)?.type === 'dir' && fs.stat(`${d}/${n}/go.mod`) === undefined) walk(`${d}/${n}`);
        }
      };
      walk(base);
      if (!found.length) throw new GoCommandError(`go: warning: "${pat}" matched no packages`);
      dirs.push(...found);
      continue;
    }
    const dir = local ? abs(target) : target;
    if (dir !== main.root && !dir.startsWith(`${main.root}/`)) {
      throw new GoCommandError(`directory ${pat} is outside main module (${main.mod.module})`);
    }
    if (fs.stat(dir)?.type !== 'dir') throw new GoCommandError(`stat ${dir}: directory not found`);
    dirs.push(dir);
  }
  return [...new Set(dirs)];
}

/** How one import resolves. */
export type ImportTarget =
  | { readonly kind: 'std'; readonly path: string }
  | { readonly kind: 'local'; readonly path: string; readonly dir: string }
  | { readonly kind: 'module'; readonly path: string; readonly module: string; readonly version: string };

/**
 * Resolves one import of `pkg` (file `file`), or throws the error cmd/go prints at the
 * import's position.
 */
export function resolveImport(fs: WorkFs, main: MainModule, env: GoEnv, file: GoFile, imp: { path: string; line: number; col: number }, pkg: GoPackage): ImportTarget {
  const at = `${file.path}:${imp.line}:${imp.col}`;
  const path = imp.path;
  if (looksStd(path)) {
    if (isStd(path, goMinor(env.version))) return { kind: 'std', path };
    throw new GoCommandError(`${at}: package ${path} is not in std (${env.goroot}/src/${path})`);
  }
  const mod = main.mod.module;
  if (path === mod || path.startsWith(`${mod}/`)) {
    const dir = main.root + path.slice(mod.length);
    const has = fs.stat(dir)?.type === 'dir' && fs.readdir(dir).some((n) => n.endsWith('.go') && !n.endsWith('_test.go'));
    if (!has) throw new GoCommandError(`${at}: main module (${mod}) does not contain package ${path}`);
    return { kind: 'local', path, dir };
  }
  const req = main.mod.require
    .filter((r) => path === r.path || path.startsWith(`${r.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0];
  if (!req) throw new GoCommandError(`${at}: no required module provides package ${path}; to add it:\n\tgo get ${path}`);
  if (!main.sum.has(`${req.path} ${req.version}`)) {
    throw new GoCommandError(`${at}: missing go.sum entry for module providing package ${path} (imported by ${pkg.importPath}); to add:\n\tgo get ${pkg.importPath}`);
  }
  return { kind: 'module', path, module: req.path, version: req.version };
}
