/**
 * Test fixtures for containers: images whose programs are tiny fakes found through the
 * ProgramResolver (a server that listens and blocks until its signal aborts, exiting 2 as
 * a Go binary does as PID 1; a client that dials), stored in a memory image store.
 */
import { build } from '../../build/index.ts';
import { testDeps } from '../../build/testing/project.ts';
import type { ContextFile } from '../../context/index.ts';
import { nodeDeps } from '../../platform/node.ts';
import { ImageStore, MemoryBlobStore, persistImage } from '../../store/index.ts';
import { readToolMarker, toolMarker } from '../../toolchain/marker.ts';
import { resolveProgram } from '../../toolchain/registry.ts';
import type { ProgramResolver, Toolchain } from '../../toolchain/types.ts';
import type { LocalImages } from '../images.ts';
import { ContainerManager } from './manager.ts';

/** `server [--port N]`: prints the guide's three lines, answers `Hello, NAME!`, blocks until stopped (exit 2). */
export const fakeServer: Toolchain = {
  name: 'server',
  async run(argv, ctx) {
    const port = Number(argv[argv.indexOf('--port') + 1] || 3000) || 3000;
    ctx.stdout('Version: 0.0.0+unknown\nStarting server...\n');
    const bound = ctx.net?.listen(port, async (req) => ({
      status: 200,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      body: `Hello, ${new URLSearchParams(req.target.split('?')[1] ?? '').get('name') || 'stranger'}!`,
    }));
    ctx.stdout(`Listening on HTTP port ${port}\n`);
    if (!bound || 'error' in bound) {
      ctx.stderr(`listen tcp :${port}: bind: ${bound ? bound.error : 'no network'}\n`);
      return { exitCode: 1, modeledMs: 1 };
    }
    await new Promise<void>((resolve) => (ctx.signal?.aborted ? resolve() : ctx.signal?.addEventListener('abort', () => resolve(), { once: true })));
    bound.close();
    return { exitCode: 2, modeledMs: 1 };
  },
};

/** `client [HOST]`: asks HOST (default localhost):3000 for a greeting. */
export const fakeClient: Toolchain = {
  name: 'client',
  async run(argv, ctx) {
    const host = argv[1] ?? 'localhost';
    ctx.stdout('Client ready.\n');
    const h = ctx.net ? ctx.net.dial(host, 3000) : 'refused';
    if (typeof h === 'string') {
      ctx.stderr(`no server is listening yet: ${h}\n`);
      return { exitCode: 1, modeledMs: 1 };
    }
    const res = await h({ method: 'GET', target: '/?name=client', host: `${host}:3000`, headers: {}, body: '' });
    ctx.stdout(`${res.body}\n`);
    return { exitCode: 0, modeledMs: 1 };
  },
};

/** The fakes by marker, then the sandbox's own programs. */
export const fakePrograms: ProgramResolver = (path, fs) => {
  if (fs.stat(path)?.type !== 'file') return undefined;
  const marker = readToolMarker(fs.readHead(path, 4096));
  if (marker === 'test-server') return fakeServer;
  if (marker === 'test-client') return fakeClient;
  return resolveProgram(path, fs);
};

/** An image store with `fake-server` (entrypoint `/bin/server`, with `/bin/client` beside it). */
export async function fakeImages(): Promise<LocalImages> {
  const context: ContextFile[] = [
    { path: 'server', type: 'file', mode: 0o755, mtime: 1_700_000_000, content: toolMarker('test-server') },
    { path: 'client', type: 'file', mode: 0o755, mtime: 1_700_000_000, content: toolMarker('test-client') },
  ];
  const r = await build({ dockerfile: 'FROM scratch\nCOPY server client /bin/\nENTRYPOINT ["/bin/server"]\n', context }, testDeps());
  const images = new ImageStore();
  const blobs = new MemoryBlobStore();
  const stored = await persistImage(r.images[0]!, blobs);
  images.put(stored, ['fake-server']);
  return { images, blobs };
}

/** A manager over `images` with the fakes, a settable clock and Node's macrotask. */
export function fakeManager(images: LocalImages, clock: { now: number }): ContainerManager {
  return new ContainerManager({ images, deps: nodeDeps, now: () => clock.now, programs: fakePrograms, tick: () => new Promise((r) => setImmediate(r)) });
}
