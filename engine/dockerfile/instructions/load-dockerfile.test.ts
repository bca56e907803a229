import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as guide from '../../../lessons/dockerfiles.ts';
import { loadDockerfile } from '../../frontend/index.ts';

/** The guide's Dockerfiles, verbatim, as the lessons hold them (chapter 1 to 8 and the steps between). */
const files = Object.entries(guide).map(([title, text]) => ({ title, text }));

describe("loadDockerfile on the guide's Dockerfiles", () => {
  it('finds them all', () => {
    // the guide's eleven (chapters 1 to 8, 3a, 3b, 4a) and the lessons' 5a (GO_VERSION alone)
    expect(files.length).toBeGreaterThanOrEqual(12);
    for (const f of files) expect(f.text).toMatch(/^# syntax=docker\/dockerfile:1\n(ARG [^\n]*\n)*FROM /);
  });

  it.each(files.map((f) => [f.title, f.text] as const))('%s loads for every target', (_title, text) => {
    const fe = loadDockerfile(text);
    expect(fe.target.index).toBe(fe.stages.length - 1);
    for (const st of fe.stages) {
      if (!st.name) continue;
      const t = loadDockerfile(text, { target: st.name });
      expect(t.reachable.map((s) => s.index)).toContain(st.index);
      expect(t.order[t.order.length - 1]).toBe(st.index);
    }
    for (const w of fe.warnings) expect(['FromAsCasing', 'JSONArgsRecommended']).toContain(w.rule);
  });

  it('chapter 3: --target client reaches base, build-client, client and not build-server', () => {
    const fe = loadDockerfile(guide.TARGETS, { target: 'client' });
    expect(fe.reachable.map((s) => s.name)).toEqual(['base', 'build-client', 'client']);
    expect(fe.order).toEqual([0, 1, 3]);
    expect(fe.warnings).toEqual([]);
  });

  it('3a: COPY --from=0 depends on the unnamed first stage', () => {
    const fe = loadDockerfile(guide.SCRATCH);
    expect(fe.reachable.map((s) => s.index)).toEqual([0, 1]);
    expect(fe.graph.bases).toEqual([{ kind: 'image', ref: 'golang:1.20-alpine' }, { kind: 'scratch' }]);
  });

  it('chapter 5: GO_VERSION build-arg changes the base image, APP_VERSION reaches the stage env', () => {
    const text = guide.BUILD_ARGS;
    expect(loadDockerfile(text).froms[0]!.baseName).toMatch(/^golang:1\.2\d-alpine$/);
    const fe = loadDockerfile(text, { buildArgs: { GO_VERSION: '1.19', APP_VERSION: 'v0.0.1' }, target: 'server' });
    expect(fe.froms[0]!.baseName).toBe('golang:1.19-alpine');
    const serverBuild = fe.stages.find((s) => s.name === 'build-server')!;
    const steps = fe.simulated.get(serverBuild.index)!.steps;
    expect(steps[steps.length - 1]!.env.get('APP_VERSION')).toBe('v0.0.1');
  });

  it('every FROM with a lower-case as warns FromAsCasing, and nothing else does', () => {
    let total = 0;
    for (const { text } of files) {
      const fe = loadDockerfile(text, { allStages: true });
      const expected = text.split('\n').flatMap((l, i) => (/^FROM .* as /.test(l) ? [i + 1] : []));
      total += expected.length;
      const got = fe.warnings.filter((w) => w.rule === 'FromAsCasing');
      expect(got.map((w) => w.ranges[0]!.start.line)).toEqual(expected);
      for (const w of got) expect(w.detail).toBe("'as' and 'FROM' keywords' casing do not match");
    }
    expect(total).toBeGreaterThan(0);
  });

  it('chapter 8: platform args from --platform', () => {
    const fe = loadDockerfile(guide.MULTI_PLATFORM, { target: 'server', platform: 'linux/arm/v7' });
    const build = fe.stages.find((s) => s.name === 'build-server')!;
    const env = fe.simulated.get(build.index)!.steps.at(-1)!.env;
    expect(env.get('TARGETOS')).toBe('linux');
    expect(env.get('TARGETARCH')).toBe('arm');
    expect(fe.froms[0]!.platform).toEqual({ os: 'linux', architecture: 'amd64' });
  });
});

describe('loadDockerfile on the example project', () => {
  it('gives every stage its doc-comment description for --call=targets', () => {
    const text = readFileSync(new URL('../../../lessons/project/Dockerfile', import.meta.url), 'utf8');
    const fe = loadDockerfile(text);
    expect(fe.stages.map((s) => s.name)).toEqual(['base', 'build-client', 'build-server', 'client', 'server']);
    expect(fe.stages[0]!.description).toBe('downloads the modules and holds the source');
    expect(fe.stages[3]!.description).toBe('is the client binary alone on an empty image');
    expect(fe.warnings).toEqual([]);
  });
});
