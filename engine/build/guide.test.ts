import { describe, expect, it } from 'vitest';
import { readBinaryInfo } from '../toolchain/binary/index.ts';
import type { Image } from '../image/index.ts';
import { build } from './build.ts';
import { capture, readContext, testDeps } from './testing/project.ts';

import { PARALLEL as CH3B, SCRATCH as CH3A, SINGLE_STAGE as CH1, TARGETS as CH3 } from '../../lessons/dockerfiles.ts';

const context = readContext();
/** One workspace for the whole chapter, as a learner has: shared steps hit the cache (and their layers are gzipped once). */
const deps = testDeps();

/** `docker images` SIZE with the containerd store: the sum of compressed layers. */
async function imageSize(img: Image): Promise<number> {
  let n = 0;
  for (const l of await img.layers()) n += await l.size();
  return n;
}

function binaryOutput(bytes: Uint8Array): string {
  const info = readBinaryInfo(bytes);
  expect(info).toBeDefined();
  return info!.output.map((c) => c.text).join('');
}

const isElf = (b: Uint8Array) => b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46;

describe('the guide on lessons/project', () => {
  it('chapter 1: single stage, > 100 MB, binaries in /bin, Entrypoint server', async () => {
    const r = await build({ dockerfile: CH1, context, tags: ['buildme'] }, deps);
    const [img] = r.images;
    const cfg = (await img!.configFile()).config;
    expect(cfg.Entrypoint).toEqual(['/bin/server']);
    expect(cfg.WorkingDir).toBe('/src');
    expect(cfg.Env).toContain('GOPATH=/go');
    expect(cfg.Cmd).toBeUndefined();
    const fs = r.filesystems[0]!;
    expect(fs.stat('/src/go.mod')?.type).toBe('file');
    expect(binaryOutput(fs.readFile('/bin/client'))).toContain('Client ready. Asking the server at http://localhost:3000');
    expect(await imageSize(img!)).toBeGreaterThan(100_000_000);
  }, 60_000);

  it('3a: FROM scratch with COPY --from=0 holds only the two binaries (≈8.5 MB)', async () => {
    const r = await build({ dockerfile: CH3A, context, tags: ['buildme'] }, deps);
    const fs = r.filesystems[0]!;
    expect(fs.readdir('/')).toEqual(['bin']);
    expect(fs.readdir('/bin')).toEqual(['client', 'server']);
    expect(isElf(fs.readFile('/bin/server'))).toBe(true);
    const size = await imageSize(r.images[0]!);
    expect(size).toBeLessThan(15_000_000);
    expect(size).toBeGreaterThan(6_000_000);
    const cfg = (await r.images[0]!.configFile()).config;
    expect(cfg).toMatchObject({ Entrypoint: ['/bin/server'], WorkingDir: '/', Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'] });
    const hist = (await r.images[0]!.configFile()).history!;
    expect(hist.map((h) => h.created_by)).toEqual(['COPY /bin/client /bin/server /bin/ # buildkit', 'ENTRYPOINT ["/bin/server"]']);
  }, 60_000);

  it('3b: parallel build stages, both binaries copied into the unnamed final stage', async () => {
    const c = capture();
    const r = await build({ dockerfile: CH3B, context, tags: ['buildme'] }, deps, { onEvent: c.onEvent });
    const names = c.events.flatMap((e) => (e.kind === 'vertex-start' ? [e.name] : []));
    expect(names).toContain('[build-client 1/1] RUN go build -o /bin/client ./cmd/client');
    expect(names).toContain('[build-server 1/1] RUN go build -o /bin/server ./cmd/server');
    expect(names).toContain('[stage-3 1/2] COPY --from=build-client /bin/client /bin/');
    expect(names).toContain('[base 2/5] WORKDIR /src');
    // Both builds start when base ends: they overlap in modeled time.
    const start = (n: string) => c.events.flatMap((e) => (e.kind === 'vertex-start' && e.name.includes(n) ? [e.t] : []))[0];
    expect(start('[build-client')).toBe(start('[build-server'));
    expect(r.filesystems[0]!.readdir('/bin')).toEqual(['client', 'server']);
    expect(await imageSize(r.images[0]!)).toBeLessThan(15_000_000);
  }, 60_000);

  for (const target of ['client', 'server'] as const) {
    it(`3: --target ${target} builds one binary (< 8 MB) and never runs the other stage`, async () => {
      const c = capture();
      const r = await build({ dockerfile: CH3, context, target, tags: [`buildme-${target}`] }, deps, { onEvent: c.onEvent });
      const other = target === 'client' ? 'server' : 'client';
      const names = c.events.flatMap((e) => (e.kind === 'vertex-start' ? [e.name] : []));
      expect(names.some((n) => n.includes(`build-${other}`))).toBe(false);
      expect(names).toContain(`[${target} 1/1] COPY --from=build-${target} /bin/${target} /bin/`);
      const fs = r.filesystems[0]!;
      expect(fs.readdir('/bin')).toEqual([target]);
      const size = await imageSize(r.images[0]!);
      expect(size).toBeLessThan(8_000_000);
      expect(size).toBeGreaterThan(3_000_000);
      expect((await r.images[0]!.configFile()).config.Entrypoint).toEqual([`/bin/${target}`]);
      if (target === 'client') expect(binaryOutput(fs.readFile('/bin/client'))).toContain('Client ready.');
    }, 60_000);
  }
});
