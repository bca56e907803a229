import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { build } from './index.ts';
import { filesOf, testDeps } from './testing/project.ts';
import { MemoryLayerCache } from '../cache/index.ts';
import type { ContextFile } from '../context/index.ts';
import { EngineError, ExecError } from '../source/index.ts';
import type { BuildDeps } from './types.ts';

/**
 * Bad input never crashes the executor: random shell lines run as `RUN` steps and random
 * small Dockerfiles end in a result or a structured EngineError, runaway loops are cut by
 * the shell's bound, each input is handled in bounded time, and writing past the 512 MiB
 * budget (a RUN or the context) fails cleanly.
 */

const CONTEXT = filesOf({ 'a.txt': 'alpha\n', 'dir/b.txt': 'beta\n', 'dir/sub/c.sh': 'echo c\n', '.dockerignore': 'ignored*\n', 'ignored.log': 'x' });

const WORDS = [
  'echo', 'printf', 'cat', 'ls', 'mkdir', 'mkdir -p', 'cp', 'cp -r', 'mv', 'rm', 'rm -rf', 'touch', 'chmod', 'chown', 'ln -s', 'pwd', 'env', 'true', 'false',
  'test', '[', ']', 'sleep 1', 'id', 'whoami', 'uname -a', 'wc -l', 'head -n 2', 'tail -n1', 'grep a /etc/passwd', 'grep -c a', 'sed s/a/b/', 'which', 'tar -cf /t.tar', 'tar -xf',
  'adduser -D u', 'addgroup g', 'apk add --no-cache git', 'apk update', 'sh -c', 'export X=1', 'cd', 'set -e', 'exit 3', 'nosuch', 'find / -name', 'sort', 'awk',
  '/a.txt', '/dir', '/etc/passwd', '/etc/os-release', '/tmp/x', 'x', '$X', '${X:-d}', '${#X}', '$(pwd)', '`id -u`', '$((1+2))', '$((1/0))', '"q w"', "'s q'",
  '|', '||', '&&', ';', '>', '>>', '<', '2>&1', '&', '(', ')', '{', '}', 'if', 'then', 'else', 'fi', 'for', 'in', 'do', 'done', 'while', 'until', 'case', 'esac',
  '*', '?', '~', '\\', '#', '=', '!', '-', '--', '<<EOF',
];
/** Whole lines with loops that never end by themselves, recursion and quick growth. */
const LOOPS = [
  'while true; do :; done', 'until false; do echo x; done | wc -l', 'while :; do i=$((i+1)); done', 'for i in $(seq 1 20000); do :; done',
  'while true; do while true; do :; done; done', 'f() { f; }; f', 'f() { f; f; }; f', 'x=a; i=0; while [ $i -lt 30 ]; do x=$x$x; i=$((i+1)); done; echo ${#x}',
  'set -e; false; echo no', 'yes | head -n 3', 'sh -c "while true; do :; done"',
];

const shellLine = fc.oneof(
  { weight: 6, arbitrary: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 10 }).map((ws) => ws.join(' ')) },
  { weight: 1, arbitrary: fc.constantFrom(...LOOPS) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('$', '{', '}', '(', ')', '"', "'", '`', '\\', '|', '&', ';', '<', '>', ' ', 'a', '*', '=', '#', '\n'), maxLength: 24 }) },
);

const INSTRUCTIONS = [
  'RUN echo hi > /x', 'RUN ls /dir || true', 'RUN cat /etc/os-release', 'RUN ["ls", "/"]', 'RUN ["nope"]', 'RUN exit 2', 'RUN --mount=type=cache,target=/c touch /c/f',
  'RUN --mount=type=bind,target=/ctx cat /ctx/a.txt', 'RUN --mount=type=secret,id=s cat /run/secrets/s', 'RUN --mount=type=tmpfs,target=/t touch /t/x',
  'RUN <<EOF\necho heredoc > /h\nEOF', 'COPY . /app', 'COPY a.txt /a', 'COPY dir/ /d/', 'COPY *.txt /t/', 'COPY nope /n', 'COPY --chmod=755 dir/sub/c.sh /c.sh',
  'COPY --chown=nobody:nobody a.txt /o', 'COPY --from=0 /etc/passwd /p', 'COPY --from=first / /all', 'COPY --link a.txt /l', 'COPY --parents dir/sub/c.sh /p/',
  'COPY --exclude=*.sh dir /e', 'COPY <<X /inline\nbody\nX', 'ADD a.txt /add', 'ADD https://example.com/x /x', 'ADD ignored.log /i', 'WORKDIR /w', 'WORKDIR rel',
  'WORKDIR /', 'USER nobody', 'USER 1000:1000', 'USER nouser', 'ENV A=1 B=$A', 'ARG X=1', 'ARG Y', 'LABEL k=v', 'EXPOSE 80', 'VOLUME /v', 'CMD ["sh"]', 'ENTRYPOINT ["/bin/sh"]',
  'SHELL ["/bin/sh", "-ec"]', 'SHELL ["/nope"]', 'STOPSIGNAL SIGINT', 'HEALTHCHECK CMD true', 'ONBUILD RUN x', 'RUN apk add --no-cache curl', 'RUN adduser -D app && id app',
];
const FROMS = ['FROM alpine', 'FROM alpine:3.19 AS first', 'FROM busybox', 'FROM busybox:1.36 AS first', 'FROM scratch', 'FROM first'];
const BAD_FROMS = ['FROM nope:1', 'FROM', 'FROM alpine AS first'];

const dockerfile = fc
  .tuple(
    fc.array(fc.tuple(fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...FROMS) }, { weight: 1, arbitrary: fc.constantFrom(...BAD_FROMS) }), fc.array(fc.constantFrom(...INSTRUCTIONS), { maxLength: 6 })), { minLength: 1, maxLength: 3 }),
    // most files stay well-formed so they reach the executor; a quarter get character edits
    fc.oneof({ weight: 3, arbitrary: fc.constant([] as [number, string][]) }, { weight: 1, arbitrary: fc.array(fc.tuple(fc.nat(), fc.constantFrom('del', 'dup', 'ins')), { minLength: 1, maxLength: 3 }) }),
    fc.string({ maxLength: 3 }),
  )
  .map(([stages, edits, ins]) => {
    let text = stages.map(([f, is]) => [f, ...is].join('\n')).join('\n') + '\n';
    for (const [at, op] of edits) {
      const i = at % Math.max(1, text.length);
      if (op === 'del') text = text.slice(0, i) + text.slice(i + 1 + (at % 4));
      else if (op === 'dup') text = text.slice(0, i) + text.slice(i, i + 12) + text.slice(i);
      else text = text.slice(0, i) + ins + text.slice(i);
    }
    return text;
  });

/** Generous: a loop cut at the bound takes ~0.3 s on a loaded machine. */
const LIMIT_MS = 3000;

let deps: BuildDeps = testDeps();
let builds = 0;

/** Builds `text`; the outcome must be a result or a structured error that survives a worker boundary. */
async function outcome(text: string, noCache: boolean): Promise<void> {
  // a fresh layer cache now and then keeps memory flat over thousands of builds
  if (++builds % 500 === 0) deps = { ...deps, cache: new MemoryLayerCache() };
  try {
    const r = await build({ dockerfile: text, context: CONTEXT, secrets: { s: new Uint8Array([115]) }, noCache }, deps);
    expect(r.images.length).toBe(1);
  } catch (err) {
    if (!(err instanceof EngineError)) throw new Error(`non-structured error for input ${JSON.stringify(text)}: ${String(err)}`);
    // `internal` = a JS runtime error (TypeError, RangeError, ...) inside the simulator
    if (err.code === 'internal') throw new Error(`simulator bug for input ${JSON.stringify(text)}: ${err.message}`);
    expect(err.code).toMatch(/\S/);
    expect(err.message).toMatch(/\S/);
    const lines = text.split('\n').length;
    for (const r of err.ranges) expect(r.start.line).toBeLessThanOrEqual(lines + 1);
    const back = EngineError.fromJSON(JSON.parse(JSON.stringify(err.toJSON())));
    expect(back.code).toBe(err.code);
  }
}

/** Checks one input and bounds its time: the fastest of up to 3 runs (reruns skip the cache, so they redo the work). */
async function check(text: string): Promise<void> {
  let best = Infinity;
  for (let i = 0; i < 3 && best >= LIMIT_MS; i++) {
    const t0 = performance.now();
    await outcome(text, i > 0);
    best = Math.min(best, performance.now() - t0);
  }
  expect(best, `input took ${best.toFixed(0)} ms: ${JSON.stringify(text)}`).toBeLessThan(LIMIT_MS);
}

describe('executor property: only structured errors, bounded time', () => {
  it('random shell lines as RUN steps over alpine and busybox (6,000 inputs)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('alpine', 'busybox'), shellLine, async (base, line) => check(`FROM ${base}\nRUN ${line.replace(/\n/g, ' ')}\n`)),
      { numRuns: 6000, seed: 20261127 },
    );
  }, 120_000);

  it('random and mutated small Dockerfiles over alpine, busybox and scratch (4,000 inputs)', async () => {
    await fc.assert(fc.asyncProperty(dockerfile, async (text) => check(text)), { numRuns: 4000, seed: 11 });
  }, 120_000);

  it('a string doubled past the JS heap\'s limits: the shell runs out of memory, the RUN fails with exit code 1', async () => {
    const line = 'x=a; while true; do x=$x$x; done';
    let log = '';
    const err = await build({ dockerfile: `FROM alpine\nRUN ${line}\n`, context: CONTEXT }, testDeps(), {
      onEvent: (e) => { if (e.kind === 'vertex-log') log += e.data; },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExecError);
    expect((err as ExecError).message).toBe(`process "/bin/sh -c ${line}" did not complete successfully: exit code: 1`);
    expect(log).toBe('sh: out of memory\n');
  });

  it('a loop that never ends is cut by the shell\'s bound: the RUN fails with exit code 2', async () => {
    const err = await build({ dockerfile: 'FROM alpine\nRUN while true; do :; done\n', context: CONTEXT }, testDeps()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExecError);
    expect((err as ExecError).message).toBe('process "/bin/sh -c while true; do :; done" did not complete successfully: exit code: 2');
  });
});

describe('bounded memory: past 512 MiB a build fails cleanly', () => {
  it('a RUN that writes more than 512 MiB fails on that step with "No space left on device"', async () => {
    // 600 copies of a 1.3 MB file: the overlay counts 780 MB while the copies share one buffer
    const line = 'seq 1 200000 > /f && for i in $(seq 1 600); do cp /f /f$i || exit 1; done';
    let log = '';
    const err = await build({ dockerfile: `FROM alpine\nRUN ${line}\n`, context: CONTEXT }, testDeps(), {
      onEvent: (e) => { if (e.kind === 'vertex-log') log += e.data; },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExecError);
    expect((err as ExecError).message).toBe(`process "/bin/sh -c ${line}" did not complete successfully: exit code: 1`);
    expect((err as ExecError).ranges[0]!.start.line).toBe(2);
    expect(log).toMatch(/^cp: write error: No space left on device$/m);
  }, 30_000);

  it('a build context over 512 MiB fails before any step, at "load build context"', async () => {
    const mib = new Uint8Array(1 << 20); // one buffer behind every file: nothing is allocated 600 times
    const context: ContextFile[] = Array.from({ length: 600 }, (_, i) => ({ path: `big/${i}`, type: 'file', mode: 0o644, mtime: 0, content: mib }));
    const names = new Map<number, string>();
    const errors: string[] = [];
    const err = await build({ dockerfile: 'FROM alpine\nCOPY . /x\n', context }, testDeps(), {
      onEvent: (e) => {
        if (e.kind === 'vertex-start') names.set(e.vertex, e.name);
        if (e.kind === 'vertex-done' && e.error) errors.push(`${names.get(e.vertex)}: ${e.error}`);
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExecError);
    expect((err as ExecError).code).toBe('context-too-large');
    expect((err as ExecError).message).toBe("failed to transfer context: build context is 600.0MiB, over the sandbox's 512.0MiB limit (list large files in .dockerignore)");
    expect(errors).toEqual([`[internal] load build context: ${(err as ExecError).message}`]);
    // the same files, ignored, build
    const ok = await build({ dockerfile: 'FROM alpine\nCOPY . /x\n', context: [...context, ...filesOf({ '.dockerignore': 'big\n' })] }, testDeps());
    expect(ok.images).toHaveLength(1);
  });
});
