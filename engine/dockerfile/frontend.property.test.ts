import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadDockerfile } from '../frontend/index.ts';
import { EngineError } from '../source/index.ts';
import { largeDockerfile } from '../testing/dockerfile-gen.ts';

/**
 * Bad input never crashes the front end: every outcome of random and mutated Dockerfiles
 * is a result or a structured EngineError (with a code and, when it points at the file,
 * ranges inside it), and each input is handled quickly.
 */

const FRAGMENTS = [
  'FROM alpine', 'FROM golang:1.22-alpine AS base', 'FROM base AS build', 'FROM scratch', 'from x as Y', 'FROM --platform=$BUILDPLATFORM a',
  'FROM ${IMG:-alpine}', 'FROM', 'FROM a b c d', 'ARG X', 'ARG X=1', 'ARG =1', 'ARG GO=1.22', 'ENV A=b C=$A', 'ENV A', 'ENV "A"=x',
  'LABEL a=b', 'RUN echo hi', 'RUN ["echo","hi"]', 'RUN ["echo", 1]', 'RUN --mount=type=cache,target=/x go build',
  'RUN --mount=type=bind,from=base,target=/src ls', 'RUN --mount=type=secret,id=x cat /run/secrets/x', 'RUN --mount=type=weird ls',
  'RUN --network=none true', 'RUN <<EOF', 'echo body', 'EOF', 'COPY . .', 'COPY --from=base /a /b', 'COPY --from=0 /a /b',
  'COPY --from=later /a /b', 'COPY --from=$X /a /b', 'COPY --chmod=755 a b', 'COPY --chmod=9999 a b', 'COPY a', 'COPY <<X /f', 'ADD x.tar /',
  'ADD https://example.com/x /x', 'WORKDIR /src', 'WORKDIR', 'USER nobody', 'EXPOSE 80 443/udp 8000-8002', 'VOLUME ["/data"]',
  'CMD ["/bin/app"]', 'CMD app', 'ENTRYPOINT ["/bin/app"]', 'SHELL ["/bin/bash","-c"]', 'SHELL bash', 'STOPSIGNAL SIGTERM',
  'HEALTHCHECK --interval=5s CMD true', 'HEALTHCHECK NONE', 'HEALTHCHECK BAD', 'ONBUILD RUN x', 'ONBUILD ONBUILD RUN x', 'MAINTAINER me',
  'COPPY a b', 'RUN --bogus x', '# comment', '# escape=`', '# syntax=docker/dockerfile:1', '', '\\', 'RUN a \\', '  b', '[', '"', "'",
];

const line = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...FRAGMENTS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('$', '{', '}', '"', "'", '\\', '[', ']', ' ', '=', '-', '<', '\n', 'a', ':') , maxLength: 30 }) },
);
const dockerfile = fc.array(line, { maxLength: 30 }).map((ls) => ls.join('\n'));

/** Mutations of a valid file: delete, duplicate or insert characters at random places. */
const mutated = fc
  .tuple(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.array(fc.tuple(fc.nat(), fc.constantFrom('del', 'dup', 'ins')), { minLength: 1, maxLength: 8 }), fc.string({ maxLength: 3 }))
  .map(([seed, edits, ins]) => {
    let text = largeDockerfile(40 + (seed % 60), 1 + (seed % 4));
    for (const [at, op] of edits) {
      const i = at % Math.max(1, text.length);
      if (op === 'del') text = text.slice(0, i) + text.slice(i + 1 + (at % 5));
      else if (op === 'dup') text = text.slice(0, i) + text.slice(i, i + 10) + text.slice(i);
      else text = text.slice(0, i) + ins + text.slice(i);
    }
    return text;
  });

/** The input's handling time: the fastest of up to 3 runs, so a GC pause or JIT warm-up is not mistaken for a slow input. */
function fastestMs(fn: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 3 && best >= LIMIT_MS; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

const LIMIT_MS = 50;

function check(text: string, target?: string): void {
  outcome(text, target);
  expect(fastestMs(() => outcome(text, target, false))).toBeLessThan(LIMIT_MS);
}

/** Load `text`; assert the outcome is a result or a structured, serialisable error. */
function outcome(text: string, target?: string, assert = true): void {
  const lines = text.split('\n').length;
  try {
    const fe = loadDockerfile(text, { target, buildArgs: { X: 'y' } });
    if (!assert) return;
    expect(fe.stages.length).toBeGreaterThan(0);
    expect(fe.reachable.length).toBeGreaterThan(0);
  } catch (err) {
    if (!(err instanceof EngineError)) throw new Error(`non-structured error for input ${JSON.stringify(text)}: ${String(err)}`);
    if (!assert) return;
    expect(err.code).toMatch(/\S/);
    expect(err.message).toMatch(/\S/);
    for (const r of err.ranges) {
      expect(r.start.line).toBeGreaterThanOrEqual(1);
      expect(r.start.line).toBeLessThanOrEqual(lines + 1);
    }
    // errors survive a worker boundary as plain data
    const back = EngineError.fromJSON(JSON.parse(JSON.stringify(err.toJSON())));
    expect(back.code).toBe(err.code);
    expect(back.ranges).toEqual(err.ranges);
  }
}

describe('front end property: never crashes, always fast', () => {
  it('random Dockerfiles from instruction fragments and noise (6,000 inputs)', () => {
    fc.assert(fc.property(dockerfile, fc.constantFrom(undefined, 'base', 'build', 'nope'), (text, target) => check(text, target)), { numRuns: 6000, seed: 20261127 });
  });
  it('mutated valid Dockerfiles (4,000 inputs)', () => {
    fc.assert(fc.property(mutated, (text) => check(text)), { numRuns: 4000, seed: 7 });
  });
});
