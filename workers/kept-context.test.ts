import { describe, expect, it } from 'vitest';
import { Snapshot, type PackedTree, type TreeEntry } from '#engine/fs';
import { KeptContext, KeptContextSender, sameBytes } from './kept-context.ts';

const enc = new TextEncoder();
const file = (path: string, text: string, mode = 0o644): TreeEntry => ({ path, type: 'file', mode, uid: 0, gid: 0, mtime: 5, content: enc.encode(text) });
const dir = (path: string): TreeEntry => ({ path, type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 5 });
/** A context as a build makes it anew each time: fresh arrays, even for unchanged files. */
const context = (files: Record<string, string>): Snapshot =>
  Snapshot.fromEntries([dir('/src'), ...Object.entries(files).map(([p, t]) => file(p, t))]);
/** What a transfer hands the worker: copies of the buffers. */
const moved = (p: PackedTree): PackedTree => ({ meta: p.meta.slice(0), data: p.data.slice(0) });
const text = (s: Snapshot, path: string): string | undefined => {
  const n = s.get(path);
  return n?.kind === 'file' && n.content instanceof Uint8Array ? new TextDecoder().decode(n.content) : undefined;
};

describe('a stage worker keeps the build context between jobs', () => {
  it('sends every file first, then only the files whose bytes changed; the worker rebuilds each context whole', () => {
    let gen = 0;
    const sender = new KeptContextSender(() => ++gen);
    const worker = new KeptContext();

    const first = sender.pack(context({ '/src/a.go': 'package a', '/src/b.go': 'package b', '/src/c.go': 'cc' }));
    expect(first.kept).toEqual({ gen: 1, from: 0 });
    expect(first.packed.data.byteLength).toBe('package a'.length + 'package b'.length + 2);
    const one = worker.unpack(moved(first.packed), first.kept);
    expect([text(one, '/src/a.go'), text(one, '/src/b.go'), text(one, '/src/c.go')]).toEqual(['package a', 'package b', 'cc']);

    // b changed (same length), c is gone, d is new, a is the same bytes in a new array.
    const second = sender.pack(context({ '/src/a.go': 'package a', '/src/b.go': 'package B', '/src/d.go': 'dd' }));
    expect(second.kept).toEqual({ gen: 2, from: 1 });
    expect(second.packed.data.byteLength).toBe('package B'.length + 2);
    const two = worker.unpack(moved(second.packed), second.kept);
    expect(two.entries().map((e) => e.path)).toEqual(['/src', '/src/a.go', '/src/b.go', '/src/d.go']);
    expect([text(two, '/src/a.go'), text(two, '/src/b.go'), text(two, '/src/d.go')]).toEqual(['package a', 'package B', 'dd']);
    expect(two.get('/src/a.go')).toMatchObject({ mode: 0o644, mtime: 5 });

    // Nothing changed: no bytes at all.
    const third = sender.pack(context({ '/src/a.go': 'package a', '/src/b.go': 'package B', '/src/d.go': 'dd' }));
    expect(third.packed.data.byteLength).toBe(0);
    expect(text(worker.unpack(moved(third.packed), third.kept), '/src/b.go')).toBe('package B');
  });

  it('refuses a job whose kept files are not the ones it keeps; after forget() everything is sent again', () => {
    let gen = 0;
    const sender = new KeptContextSender(() => ++gen);
    const worker = new KeptContext();
    worker.unpack(moved(sender.pack(context({ '/src/a.go': 'aaaa' })).packed), { gen: 1, from: 0 });
    const lost = sender.pack(context({ '/src/a.go': 'aaaa', '/src/b.go': 'b' })); // never reaches the worker
    expect(lost.kept).toEqual({ gen: 2, from: 1 });
    const next = sender.pack(context({ '/src/a.go': 'aaaa', '/src/b.go': 'b' }));
    expect(() => worker.unpack(moved(next.packed), next.kept)).toThrow(
      "stage worker: the job's build context refers to the files of context 2, and this worker keeps context 1",
    );
    sender.forget();
    const resent = sender.pack(context({ '/src/a.go': 'aaaa', '/src/b.go': 'b' }));
    expect(resent.kept.from).toBe(0);
    expect(resent.packed.data.byteLength).toBe(5);
    expect(text(worker.unpack(moved(resent.packed), resent.kept), '/src/a.go')).toBe('aaaa');
  });

  it('a fresh worker refuses kept references it never received', () => {
    let gen = 0;
    const sender = new KeptContextSender(() => ++gen);
    sender.pack(context({ '/src/a.go': 'aaaa' }));
    const next = sender.pack(context({ '/src/a.go': 'aaaa' }));
    expect(() => new KeptContext().unpack(moved(next.packed), { gen: next.kept.gen, from: 0 })).toThrow(
      "stage worker: the job's build context refers to /src/a.go, which this worker does not keep",
    );
  });
});

describe('sameBytes', () => {
  it('compares aligned and unaligned views, every length', () => {
    const buf = new Uint8Array(64).map((_, i) => i);
    for (let n = 0; n < 20; n++) {
      for (const off of [0, 1, 4, 7]) {
        const a = buf.subarray(off, off + n);
        const b = new Uint8Array(n + 3).subarray(3);
        b.set(a);
        const c = new Uint8Array(n);
        c.set(a);
        expect(sameBytes(a, b)).toBe(true);
        expect(sameBytes(a, c)).toBe(true);
        if (n > 0) {
          c[n - 1] = c[n - 1]! ^ 1;
          expect(sameBytes(a, c)).toBe(false);
          c[n - 1] = c[n - 1]! ^ 1;
          c[0] = c[0]! ^ 0x80;
          expect(sameBytes(a, c)).toBe(false);
        }
      }
    }
    expect(sameBytes(new Uint8Array(4), new Uint8Array(5))).toBe(false);
  });
});
