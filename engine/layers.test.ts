/**
 * The engine's imports point one way (engine/README.md): every import of a non-test file
 * goes to a folder of lower rank, stays inside `engine/`, no two sibling sub-folders import
 * each other (`toolchain/sh` and `toolchain/busybox`), and `node:` modules are imported
 * only by `platform/node.ts`, its deflate worker and Node-only scripts. Test files and `testing/` may import
 * anything inside `engine/`. Imports are read with TypeScript's own pre-processor.
 * Code outside `engine/` imports it by name (`#engine/...`, package.json `imports`), never by a
 * relative path into it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ENGINE = dirname(fileURLToPath(import.meta.url));
const REPO = dirname(ENGINE);

/** The folders outside engine/ that import it: by name (`#engine/...`), not by path. */
const OUTSIDE = ['cli', 'workers', 'bench', 'web', 'scripts', 'lessons'];

/** Each folder's rank, as engine/README.md's table gives it. */
const RANK: Readonly<Record<string, number>> = {
  util: 0, source: 0, platform: 0, reference: 0,
  fs: 1, progress: 1,
  dockerfile: 2, context: 2, toolchain: 2, image: 2, cache: 2,
  graph: 3, catalog: 3, report: 3,
  exec: 4, store: 4, frontend: 4,
  build: 5,
  commands: 6,
  lessons: 7,
};

/** Node's side of `platform/` (the browser's is `web.ts`). */
const NODE_ONLY = ['platform/node.ts', 'platform/deflate-worker.mjs'];

/** Files that only tests use (they may import anything inside the engine). */
const isTestFile = (rel: string): boolean => /\.test\.ts$|\.test-util\.ts$|(^|\/)testing\//.test(rel);
/** Node-only scripts, run by hand with tsx (they may import `node:`). */
const isScript = (rel: string): boolean => /(^|\/)scripts\//.test(rel);

function sources(dir: string, svelte = false): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sources(p, svelte);
    return (svelte ? /\.(ts|mts|mjs|svelte)$/ : /\.(ts|mts|mjs)$/).test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** A file's module specifiers (a Svelte component's: those of its `<script>` blocks). */
function specifiersOf(file: string): string[] {
  let text = readFileSync(file, 'utf8');
  if (file.endsWith('.svelte')) text = [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** True when `spec`, imported by `from` (a path relative to the repository), is a relative path into engine/. */
function reachesEngine(from: string, spec: string): boolean {
  return spec.startsWith('.') && relative(ENGINE, resolve(REPO, dirname(from), spec)).split(sep)[0] !== '..';
}

interface Import {
  readonly from: string;
  readonly spec: string;
  /** The target's path relative to engine/ (`../x` when outside it), for relative imports. */
  readonly to?: string;
}

function importsOf(file: string): Import[] {
  const from = relative(ENGINE, file);
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles.map(({ fileName: spec }) => ({
    from,
    spec,
    ...(spec.startsWith('.') ? { to: relative(ENGINE, resolve(dirname(file), spec)) } : {}),
  }));
}

const folderOf = (rel: string): string => (rel.includes('/') ? rel.slice(0, rel.indexOf('/')) : '');

const all = sources(ENGINE).flatMap(importsOf);

/**
 * Cycles between sibling sub-folders known today, each with why it is left: the test fails
 * on any other (and on an entry whose cycle is gone).
 */
const SIBLING_CYCLES_KNOWN: Readonly<Record<string, string>> = {};

/**
 * Pairs of sibling folders inside one engine folder (`toolchain/sh` and `toolchain/busybox`)
 * that import each other, each as `a <-> b` (sorted); files of the parent itself
 * (`toolchain/registry.ts`) belong to no sibling, so parent <-> child pairs are not counted.
 * Pairs are compared at every depth: `toolchain/go/interp` against `toolchain/binary` is
 * `toolchain/go <-> toolchain/binary`.
 */
function siblingCycles(imports: readonly Import[]): string[] {
  const edges = new Set<string>();
  for (const i of imports) {
    if (i.to === undefined || i.to.startsWith('..')) continue;
    const a = dirname(i.from).split('/');
    const b = dirname(i.to).split('/');
    let k = 0;
    while (k < a.length && k < b.length && a[k] === b[k]) k++;
    // siblings: both go one folder deeper than their common parent
    if (k >= a.length || k >= b.length || a[0] === '.' || b[0] === '.') continue;
    edges.add(`${a.slice(0, k + 1).join('/')} -> ${b.slice(0, k + 1).join('/')}`);
  }
  const out = new Set<string>();
  for (const e of edges) {
    const [x, y] = e.split(' -> ') as [string, string];
    if (edges.has(`${y} -> ${x}`)) out.add([x, y].sort().join(' <-> '));
  }
  return [...out].sort();
}

const product = all.filter((i) => !isTestFile(i.from));

describe('engine layers', () => {
  it('every folder of engine/ has a rank (add a new one to the README table and RANK)', () => {
    const folders = readdirSync(ENGINE, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== 'testing').map((e) => e.name);
    expect(folders.filter((f) => RANK[f] === undefined)).toEqual([]);
  });

  it('nothing in engine/ but tests imports from outside it (web/, workers/, cli/, lessons/, bench/ ...)', () => {
    const out = product.filter((i) => i.to?.startsWith('..')).map((i) => `${i.from} -> ${i.spec}`);
    expect(out).toEqual([]);
  });

  it('imports point down: to a folder of lower rank, never up or sideways', () => {
    const wrong = product
      .filter((i) => i.to !== undefined && !i.to.startsWith('..'))
      .filter((i) => {
        const a = folderOf(i.from);
        const b = folderOf(i.to!);
        return a !== '' && b !== '' && a !== b && !(RANK[b]! < RANK[a]!);
      })
      .map((i) => `${i.from} -> ${i.to} (${folderOf(i.from)} ${RANK[folderOf(i.from)]} -> ${folderOf(i.to!)} ${RANK[folderOf(i.to!)]})`);
    expect(wrong).toEqual([]);
  });

  it('has no import cycle between folders', () => {
    const edges = new Map<string, Set<string>>();
    for (const i of all) {
      if (i.to === undefined || i.to.startsWith('..')) continue;
      const a = folderOf(i.from);
      const b = folderOf(i.to);
      if (a === '' || b === '' || a === b || a === 'testing' || b === 'testing' || isTestFile(i.from)) continue;
      if (!edges.has(a)) edges.set(a, new Set());
      edges.get(a)!.add(b);
    }
    // a depth-first walk; a back edge closes a cycle
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (v: string, path: string[]): void => {
      state.set(v, 'open');
      for (const w of edges.get(v) ?? []) {
        if (state.get(w) === 'open') cycles.push([...path.slice(path.indexOf(w)), w].join(' -> '));
        else if (!state.has(w)) visit(w, [...path, w]);
      }
      state.set(v, 'done');
    };
    for (const v of [...edges.keys()].sort()) if (!state.has(v)) visit(v, [v]);
    expect(cycles).toEqual([]);
  });

  it('has no import cycle between two sibling sub-folders (toolchain/sh <-> toolchain/busybox), but the listed ones', () => {
    const found = siblingCycles(product).filter((c) => !SIBLING_CYCLES_KNOWN[c]);
    expect(found).toEqual([]);
    // an entry for a cycle that is gone is stale: remove it
    const gone = Object.keys(SIBLING_CYCLES_KNOWN).filter((c) => !siblingCycles(product).includes(c));
    expect(gone).toEqual([]);
  });

  it('finds a cycle between sibling sub-folders, and not one between a folder and its parent', () => {
    const imp = (from: string, to: string): Import => ({ from, spec: '', to });
    expect(siblingCycles([imp('toolchain/sh/a.ts', 'toolchain/busybox/b.ts'), imp('toolchain/busybox/c/d.ts', 'toolchain/sh/e.ts')])).toEqual(['toolchain/busybox <-> toolchain/sh']);
    expect(siblingCycles([imp('toolchain/sh/a.ts', 'toolchain/types.ts'), imp('toolchain/registry.ts', 'toolchain/sh/index.ts')])).toEqual([]);
    expect(siblingCycles([imp('toolchain/sh/a.ts', 'toolchain/busybox/b.ts')])).toEqual([]);
  });

  it('imports node: modules only in platform/node.ts, the deflate worker it starts, and Node-only scripts', () => {
    const wrong = product
      .filter((i) => i.spec.startsWith('node:') && !NODE_ONLY.includes(i.from) && !isScript(i.from))
      .map((i) => `${i.from} -> ${i.spec}`);
    expect(wrong).toEqual([]);
  });

  it('reads the imports it checks (a known edge is seen)', () => {
    expect(product.some((i) => i.from === 'build/build.ts' && i.to?.startsWith('exec/'))).toBe(true);
    expect(product.some((i) => i.from === 'platform/node.ts' && i.spec.startsWith('node:'))).toBe(true);
  });
});

describe('code outside engine/ imports it by name', () => {
  const outside = OUTSIDE.flatMap((d) => sources(join(REPO, d), true)).map((f) => relative(REPO, f));

  it('cli/, workers/, bench/, web/, scripts/ and lessons/ import the engine as #engine/..., never as ../engine/...', () => {
    const byPath = outside.flatMap((from) => specifiersOf(join(REPO, from)).filter((spec) => reachesEngine(from, spec)).map((spec) => `${from} -> ${spec}`));
    expect(byPath).toEqual([]);
  });

  it('tells a path into engine/ from a name or a path beside it, and reads Svelte components', () => {
    expect(reachesEngine('web/src/lib/insight/x.ts', '../../../../engine/fs/index.ts')).toBe(true);
    expect(reachesEngine('cli/x.ts', '../engine/platform/node.ts')).toBe(true);
    expect(reachesEngine('web/src/x.ts', '../../engine')).toBe(true);
    expect(reachesEngine('cli/x.ts', '#engine/fs')).toBe(false);
    expect(reachesEngine('web/src/lib/sandbox/x.ts', './engine-api.ts')).toBe(false);
    expect(reachesEngine('workers/x.ts', '../web/src/lib/engine/x.ts')).toBe(false);
    const svelte = outside.filter((f) => f.endsWith('.svelte'));
    expect(svelte.flatMap((f) => specifiersOf(join(REPO, f))).some((s) => s.startsWith('#engine/'))).toBe(true);
  });
});
