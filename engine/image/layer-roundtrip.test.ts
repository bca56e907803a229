import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FsError, Snapshot, applyLayer, snapshotDigest } from '../fs/index.ts';
import type { Overlay } from '../fs/index.ts';
import { concatBytes } from '../platform/types.ts';
import { nodeHasher } from '../platform/node.ts';
import { layerTar } from './layer-tar.ts';
import { tarToEntries as toEntries } from './tar-read.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const PATHS = ['/a', '/a/b', '/a/c', '/a/b/x', '/d', '/d/e', '/f'];
const base = Snapshot.fromEntries([
  { path: '/a/b/x', type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 1, content: enc('x') },
  { path: '/a/c', type: 'file', mode: 0o600, uid: 1, gid: 1, mtime: 1, content: enc('c') },
  { path: '/d/e', type: 'symlink', mode: 0o777, uid: 0, gid: 0, mtime: 1, target: '../a' },
]);

type Op = (o: Overlay) => void;
const named = (name: string, f: Op): Op => Object.assign(f, { toString: () => name });
const path = fc.constantFrom(...PATHS);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.tuple(path, fc.string({ maxLength: 3 })).map(([p, s]) => named(`write ${p} ${s}`, (o) => o.writeFile(p, enc(s)))),
  path.map((p) => named(`mkdir ${p}`, (o) => o.mkdir(p, { recursive: true }))),
  path.map((p) => named(`rm ${p}`, (o) => o.rm(p, { recursive: true, force: true }))),
  fc.tuple(path, path).map(([a, b]) => named(`mv ${a} ${b}`, (o) => o.rename(a, b))),
  fc.tuple(path, fc.constantFrom(0o700, 0o755, 0o4755)).map(([p, m]) => named(`chmod ${p} ${m}`, (o) => o.chmod(p, m))),
  fc.tuple(path, path).map(([t, p]) => named(`ln -s ${t} ${p}`, (o) => o.symlink(t, p))),
);

describe('layer round trip', () => {
  it('applying the layer tar of any edit to the base reproduces the edited tree', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 12 }), fc.constantFrom<'expand' | 'marker'>('expand', 'marker'), async (ops, opaque) => {
        const o = base.edit({ now: 9 });
        for (const f of ops) {
          try {
            f(o);
          } catch (e) {
            if (!(e instanceof FsError)) throw e;
          }
        }
        const { snapshot, changes } = o.commit();
        const tar = concatBytes([...layerTar(changes, snapshot, { opaque })]);
        const applied = applyLayer(base, toEntries(tar));
        expect(applied.entries().map((e) => e.path)).toEqual(snapshot.entries().map((e) => e.path));
        expect(await snapshotDigest(applied, nodeHasher)).toBe(await snapshotDigest(snapshot, nodeHasher));
      }),
      { numRuns: 300, seed: 42 },
    );
  });
});
