/**
 * The import graph of a build: every main-module package reachable from the roots,
 * the std packages and module versions they use, and every load error in cmd/go's
 * wording (all of them, like `go build` prints them, before anything compiles).
 */
import type { WorkFs } from '../../fs/types.ts';
import type { GoEnv } from './env.ts';
import type { GoPackage, MainModule } from './load.ts';
import { GoCommandError, readPackage, resolveImport } from './load.ts';

/** What a build needs. `order` lists main-module packages dependencies first. */
export interface BuildGraph {
  readonly pkgs: ReadonlyMap<string, GoPackage>;
  readonly order: readonly GoPackage[];
  readonly roots: readonly GoPackage[];
  readonly std: ReadonlySet<string>;
  /** `module@version` of every required module a package imports. */
  readonly modules: ReadonlySet<string>;
  /** Per main-module package: the std paths and `module@version`s it reaches (for sizing). */
  readonly reach: ReadonlyMap<string, { std: Set<string>; modules: Set<string>; local: Set<string> }>;
}

/** Loads the graph from `rootDirs`; `withTests` also follows the imports of `_test.go` files of the roots. */
export function loadGraph(fs: WorkFs, main: MainModule, env: GoEnv, cwd: string, rootDirs: readonly string[], withTests: boolean): BuildGraph {
  const pkgs = new Map<string, GoPackage>();
  const byDir = new Map<string, GoPackage>();
  const errors: string[] = [];
  const std = new Set<string>();
  const modules = new Set<string>();
  const deps = new Map<string, { std: Set<string>; modules: Set<string>; local: Set<string> }>();
  const order: GoPackage[] = [];
  const visiting = new Set<string>();

  const visit = (dir: string, tests: boolean): GoPackage | undefined => {
    const seen = byDir.get(dir);
    if (seen) return seen;
    const pkg = readPackage(fs, main, dir, cwd);
    if (!pkg) {
      errors.push(`no Go files in ${dir}`);
      return undefined;
    }
    byDir.set(dir, pkg);
    pkgs.set(pkg.importPath, pkg);
    visiting.add(pkg.importPath);
    const mine = { std: new Set<string>(), modules: new Set<string>(), local: new Set<string>() };
    deps.set(pkg.importPath, mine);
    const files = tests ? [...pkg.files, ...pkg.testFiles] : pkg.files;
    for (const file of files) {
      for (const imp of file.imports) {
        try {
          const t = resolveImport(fs, main, env, file, imp, pkg);
          if (t.kind === 'std') (std.add(t.path), mine.std.add(t.path));
          else if (t.kind === 'module') {
            const key = `${t.module}@${t.version}`;
            modules.add(key);
            mine.modules.add(key);
          } else {
            if (visiting.has(t.path)) {
              errors.push(`package ${pkg.importPath}\n\timports ${t.path}: import cycle not allowed`);
              continue;
            }
            const dep = visit(t.dir, false);
            if (dep) {
              mine.local.add(dep.importPath);
              const d = deps.get(dep.importPath)!;
              d.std.forEach((s) => mine.std.add(s));
              d.modules.forEach((m) => mine.modules.add(m));
              d.local.forEach((l) => mine.local.add(l));
            }
          }
        } catch (e) {
          if (!(e instanceof GoCommandError) || e.header) throw e;
          errors.push(e.message);
        }
      }
    }
    visiting.delete(pkg.importPath);
    order.push(pkg);
    return pkg;
  };

  const roots: GoPackage[] = [];
  for (const dir of rootDirs) {
    try {
      const p = visit(dir, withTests);
      if (p) roots.push(p);
    } catch (e) {
      if (e instanceof GoCommandError && e.header) throw e;
      if (!(e instanceof GoCommandError)) throw e;
      errors.push(e.message);
    }
  }
  if (errors.length) throw new GoCommandError([...new Set(errors)].join('\n'));
  return { pkgs, order, roots, std, modules, reach: deps };
}
