/**
 * What a built `main` prints: the top-level `fmt.Println`/`fmt.Print`/`fmt.Printf`
 * and builtin `println`/`print` calls of `func main()` whose arguments are all
 * strings the mock can resolve at build time. See README.md for the exact subset.
 */
import type { OutputChunk } from '../binary/payload.ts';
import type { GoArg } from './calls.ts';
import { asCall, endsProgram, statements } from './calls.ts';
import type { GoPackage } from './load.ts';
import { importName } from './source.ts';

/** String values visible to a package: its own vars/consts and those of imported same-module packages. */
export interface ValueScope {
  /** Value of package-level `name` in `pkg` (import path), with `-X` overrides applied to vars. */
  lookup(pkgPath: string, name: string): string | undefined;
}

/** Builds a scope over loaded packages and `-X importpath.name=value` overrides (`main.x` means the main package). */
export function valueScope(pkgs: ReadonlyMap<string, GoPackage>, mainPath: string, overrides: ReadonlyMap<string, string>): ValueScope {
  return {
    lookup(pkgPath, name) {
      const pkg = pkgs.get(pkgPath);
      if (!pkg) return undefined;
      for (const f of pkg.files) {
        const v = f.values.get(name);
        if (!v) continue;
        if (v.kind === 'var') {
          const o = overrides.get(`${pkgPath}.${name}`) ?? (pkgPath === mainPath ? overrides.get(`main.${name}`) : undefined);
          if (o !== undefined) return o;
        }
        return v.value;
      }
      return undefined;
    },
  };
}

/** `%%` → `%`; other verbs without operands print `%!v(MISSING)` as fmt does. */
function printfLiteral(format: string): string {
  return format.replace(/%([-+# 0]*[0-9]*(?:\.[0-9]*)?)([a-zA-Z%])/g, (_m, _flags: string, verb: string) => (verb === '%' ? '%' : `%!${verb}(MISSING)`));
}

/** The writes `main()` of `pkg` makes, in order. */
export function mainOutput(pkg: GoPackage, scope: ValueScope): OutputChunk[] {
  const file = pkg.files.find((f) => f.funcs.has('main'));
  const main = file?.funcs.get('main');
  if (!file || !main) return [];
  const names = new Map<string, string>(); // import name → path
  for (const imp of file.imports) names.set(importName(imp), imp.path);
  const nameOf = (path: string): string | undefined => [...names].find(([, p]) => p === path)?.[0];
  const fmtName = nameOf('fmt');
  const resolve = (a: GoArg): string | undefined => {
    if (a.kind === 'lit') return a.value;
    if (a.kind === 'ident') return scope.lookup(pkg.importPath, a.name);
    if (a.kind === 'sel') {
      const path = names.get(a.pkg);
      return path ? scope.lookup(path, a.name) : undefined;
    }
    return undefined;
  };
  const out: OutputChunk[] = [];
  for (const stmt of statements(main.body)) {
    if (endsProgram(stmt, { os: nameOf('os'), log: nameOf('log') })) break;
    const call = asCall(stmt);
    if (!call) continue;
    const isFmt = call.recv !== undefined && call.recv === fmtName;
    const isBuiltin = call.recv === undefined && (call.fn === 'println' || call.fn === 'print');
    if (!(isFmt && ['Println', 'Print', 'Printf'].includes(call.fn)) && !isBuiltin) continue;
    const values = call.args.map(resolve);
    if (values.some((v) => v === undefined)) continue;
    const vs = values as string[];
    if (isBuiltin) out.push({ fd: 2, text: call.fn === 'println' ? `${vs.join(' ')}\n` : vs.join('') });
    else if (call.fn === 'Println') out.push({ fd: 1, text: `${vs.join(' ')}\n` });
    else if (call.fn === 'Print') out.push({ fd: 1, text: vs.join('') });
    else if (vs.length === 1) out.push({ fd: 1, text: printfLiteral(vs[0]!) });
  }
  return out;
}
