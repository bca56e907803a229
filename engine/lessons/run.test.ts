import { describe, expect, it } from 'vitest';
import { parseOutputs } from '../commands/outputs.ts';
import type { BuildRequest } from '../build/types.ts';
import { loadDockerfile } from '../frontend/index.ts';
import { scratchImage } from '../image/testing/fixtures.ts';
import { nodeDeps } from '../platform/node.ts';
import { EngineError } from '../source/errors.ts';
import { evaluateCheck } from './checks.ts';
import { LESSONS } from '../../lessons/index.ts';
import { findStep } from './load.ts';
import { buildRequestFor, runRecordedBuild, type BuildFn } from './run.ts';

const targets = findStep(LESSONS, '03-multi-stage/targets')!.step;
const dockerfile = targets.solution[0]!.text;
const input = { dockerfile, context: [], parseOutputs, deps: nodeDeps };

/**
 * A stand-in for `engine/build` that only reports which stages the front end says the
 * target needs (one vertex each, dependencies first): enough to test the wiring from a
 * typed line to a checked record, not the build.
 */
const frontendOnly: BuildFn = async (req, onEvent) => {
  const f = loadDockerfile(req.dockerfile, { ...(req.target ? { target: req.target } : {}) });
  f.order.forEach((i, n) => {
    const stage = f.stages[i]!.name!;
    onEvent({ kind: 'vertex-start', vertex: n + 1, name: `[${stage} 1/1] step`, stage, t: n * 10 });
    onEvent({ kind: 'vertex-done', vertex: n + 1, t: n * 10 + 5 });
  });
  return { images: [await scratchImage(nodeDeps)], outputs: [], warnings: [], modeledMs: f.order.length * 10, filesystems: [] };
};

describe('buildRequestFor', () => {
  it('turns a typed build line into the request it asks for', () => {
    const req = buildRequestFor('docker build --target=binaries --output=bin --platform=linux/amd64,linux/arm64 --build-arg="APP_VERSION=v0.0.1" .', input);
    expect(req).toEqual<BuildRequest>({
      dockerfile, context: [], target: 'binaries', buildArgs: { APP_VERSION: 'v0.0.1' }, platforms: ['linux/amd64', 'linux/arm64'],
      tags: [], noCache: false, outputs: [{ type: 'local', dest: 'bin' }],
    });
  });

  it('ignores lines that build nothing', () => {
    expect(buildRequestFor('docker images "buildme*"', input)).toBeUndefined();
    expect(buildRequestFor('docker build --call=targets .', input)).toBeUndefined();
    expect(buildRequestFor('ls -l bin', input)).toBeUndefined();
  });
});

describe('runRecordedBuild', () => {
  it('records what each target built, so the targets check can tell them apart', async () => {
    const records = [];
    for (const c of targets.commands) {
      const r = await runRecordedBuild(c, input, frontendOnly);
      if (r) records.push(r);
    }
    expect(records.map((r) => [r.target, r.tags])).toEqual([['client', ['buildme-client']], ['server', ['buildme-server']]]);
    expect(evaluateCheck({ kind: 'stage-not-built', stage: 'build-server', target: 'client' }, records).ok).toBe(true);
    expect(evaluateCheck({ kind: 'stage-not-built', stage: 'build-client', target: 'server' }, records).ok).toBe(true);
    const all = await runRecordedBuild('docker build --tag=buildme .', { ...input, dockerfile: findStep(LESSONS, '03-multi-stage/parallel')!.step.solution[0]!.text }, frontendOnly);
    expect(evaluateCheck({ kind: 'stage-not-built', stage: 'build-server' }, [all!]).explanation).toMatch(/still built build-server/);
  });

  it('records a failed build instead of throwing', async () => {
    const failing: BuildFn = async (_req, onEvent) => {
      onEvent({ kind: 'vertex-start', vertex: 1, name: '[lint 3/3] RUN golangci-lint run', stage: 'lint', t: 0 });
      onEvent({ kind: 'vertex-log', vertex: 1, data: 'main.go:1:1: Error return value of `w.Write` is not checked (errcheck)\n', stream: 'stdout', t: 1 });
      throw new EngineError('exec', 'process "/bin/sh -c golangci-lint run" did not complete successfully: exit code: 1');
    };
    const r = await runRecordedBuild('docker build --target=lint .', input, failing);
    expect(r).toMatchObject({ ok: false, target: 'lint', error: 'process "/bin/sh -c golangci-lint run" did not complete successfully: exit code: 1' });
    const lint = findStep(LESSONS, '07-test/lint')!.step;
    expect(evaluateCheck(lint.check, [r!])).toEqual({ ok: true, explanation: expect.stringContaining('failed, as it should') });
  });
});
