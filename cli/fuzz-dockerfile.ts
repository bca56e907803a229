/**
 * Whole Dockerfiles for fuzzing the CLI's build (`cli/fuzz.test.ts`, seeded and bounded;
 * `npm run fuzz` for long runs): instructions with their flags, heredocs, quotes, variables
 * and expansions, shell lines, and hostile pieces (values doubled line after line, deep
 * nesting, memory bombs in RUN, long lines). Every build must exit 0 or 1 with no
 * JavaScript error text (`TypeError`, `RangeError`, `Maximum call stack`, a stack frame).
 */
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli.ts';

/** What must never reach a learner's terminal. */
export const JS_ERROR_TEXT = /TypeError|RangeError|ReferenceError|SyntaxError|Maximum call stack|Invalid string length|heap out of memory|internal error|\n\s+at \S+ \(|\bat <anonymous>/;

const NAMES = ['A', 'B', 'X', 'PATH', 'HOME', 'TARGETARCH', 'BUILDPLATFORM', 'GO', 'nope'];
const name = fc.constantFrom(...NAMES);
const literal = fc.constantFrom('a', 'x y', '1.20', '/src', 'v0.0.1', '', '*.txt', 'a=b', 'é', '한', '\\$A', '\\\\', '-', ':', '#x');
const reference = fc.oneof(
  { weight: 3, arbitrary: name.map((n) => `$${n}`) },
  { weight: 3, arbitrary: name.map((n) => `\${${n}}`) },
  fc.tuple(name, fc.constantFrom(':-', '-', ':+', '+', ':?', '?', '#', '##', '%', '%%', '/', '//'), fc.constantFrom('d', 'x*', '*', '', 'a/b', '$A')).map(([n, op, w]) => `\${${n}${op}${w}}`),
  { weight: 1, arbitrary: fc.constantFrom('${', '${}', '${A', '${A:-${B:-${X}}}', '$', '${A:x}', '${#A}', '$(echo)', '`id`') },
);
/** One word: literals, variable references, quotes. */
const word = fc
  .array(fc.oneof({ weight: 10, arbitrary: literal }, { weight: 10, arbitrary: reference }, { weight: 1, arbitrary: fc.constantFrom('"', "'", '\\', ' ') }), { minLength: 1, maxLength: 4 })
  .map((ps) => ps.join(''));
const quoted = fc.oneof(word, word.map((w) => `"${w}"`), word.map((w) => `'${w}'`));

const SHELL = [
  'echo hi', 'echo $A > /x', 'cat /x', 'ls -la /', 'true', 'false', 'exit 3', 'nosuch', 'set -e', 'cd /tmp && pwd', 'export X=1', 'env | sort',
  'for i in 1 2 3; do echo $i; done', 'while false; do :; done', 'if [ -f /x ]; then echo y; else echo n; fi', 'case $A in a) echo a;; *) echo b;; esac',
  'echo $((1+2))', 'echo $((1/0))', 'f() { echo f; }; f', 'x=$(echo a | tr a b)', 'echo "q $A" | wc -c', "printf '%s\\n' a b", 'awk "{print \\$1}" /etc/passwd',
  'seq 3 | sort -r', 'mkdir -p /a/b && touch /a/b/c', 'yes | head -n 2', 'sed s/a/b/ /etc/os-release', 'grep -c root /etc/passwd', 'echo ${A:-d}${#B}',
  '(echo sub)', '{ echo group; }', 'echo a; echo b >&2', 'cat <<X\nbody $A\nX', "A=xxxxxxxx; for i in $(seq 27); do A=$A$A; done",
  'while :; do :; done', 'f() { f; }; f', 'echo ' + '$(echo '.repeat(250) + 'x' + ')'.repeat(250), 'echo ' + '${X:-'.repeat(250) + 'x' + '}'.repeat(250),
];
const shellLine = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.constantFrom(...SHELL), { minLength: 1, maxLength: 3 }).map((ls) => ls.join(' && ')) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom('$', '{', '}', '(', ')', '"', "'", '`', '\\', '|', '&', ';', '<', '>', ' ', 'a', '*', '=', '#'), { maxLength: 20 }).map((cs) => cs.join('')) },
);

const MOUNTS = ['--mount=type=cache,target=/c', '--mount=type=bind,target=/ctx', '--mount=type=bind,from=first,target=/f', '--mount=type=secret,id=s', '--mount=type=secret,id=s,env=S',
  '--mount=type=tmpfs,target=/t', '--mount=type=ssh', '--mount=type=weird', '--mount=target', '--network=none', '--network=host', '--security=insecure', '--bogus'];
const run = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.subarray(MOUNTS, { maxLength: 2 }), shellLine).map(([f, l]) => `RUN ${[...f, l.replace(/\n/g, ' ')].join(' ')}`) },
  { weight: 1, arbitrary: fc.array(quoted, { maxLength: 3 }).map((ws) => `RUN ${JSON.stringify(ws)}`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('<<EOF', '<<-EOF', '<<"EOF"', "<<'EOF'", '<<EOF bash', '<<EOF <<EOT'), shellLine).map(([h, l]) => `RUN ${h}\n${l}\nEOF`) },
  { weight: 1, arbitrary: fc.constantFrom('RUN', 'RUN []', 'RUN ["a",', 'RUN <<EOF', 'RUN --mount=type=cache,target=/c') },
);
const copy = fc
  .tuple(
    fc.constantFrom('COPY', 'ADD'),
    fc.oneof(
      { weight: 4, arbitrary: fc.subarray(['--chmod=755', '--chown=nobody:nobody', '--link', '--exclude=*.sh'], { maxLength: 2 }) },
      { weight: 1, arbitrary: fc.subarray(['--chmod=9999', '--chown=$A', '--from=first', '--from=0', '--from=$X', '--parents', '--checksum=sha256:00'], { maxLength: 1 }) },
    ),
    fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom('.', 'a.txt', 'dir/', '*.txt', 'dir/sub/c.sh', '$A', '${X:-a.txt}') }, { weight: 1, arbitrary: fc.oneof(fc.constantFrom('nope', 'https://example.com/x', '/etc/passwd'), word) }), { minLength: 1, maxLength: 2 }),
    fc.oneof({ weight: 4, arbitrary: fc.constantFrom('/app/', '/x', '.', 'rel', '/$A/') }, { weight: 1, arbitrary: word }),
  )
  .map(([kw, flags, srcs, dest]) => `${kw} ${[...flags, ...srcs, dest].join(' ')}`);
const keyValues = fc
  .array(fc.tuple(fc.oneof({ weight: 9, arbitrary: name }, { weight: 1, arbitrary: word }), fc.oneof({ weight: 3, arbitrary: quoted.map((q) => q.replace(/ /g, '\\ ')) }, { weight: 1, arbitrary: quoted })), { minLength: 1, maxLength: 3 })
  .map((kvs) => kvs.map(([k, v]) => `${k}=${v}`).join(' '));
const instruction = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('RUN echo $A > /a.txt', 'COPY . /app/', 'WORKDIR /app', 'ENV A=1 B="$A x"', 'ARG GO=1.20', 'USER nobody', 'RUN --mount=type=cache,target=/c ls /c', 'LABEL k="$A"', 'CMD ["sh"]', 'EXPOSE 80') },
  { weight: 4, arbitrary: run },
  { weight: 2, arbitrary: copy },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('ENV', 'ARG', 'LABEL'), keyValues).map(([k, kv]) => `${k} ${kv}`) },
  { weight: 1, arbitrary: name.map((n) => `ARG ${n}`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('WORKDIR', 'USER', 'EXPOSE', 'VOLUME', 'STOPSIGNAL', 'MAINTAINER'), word).map(([k, w]) => `${k} ${w}`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('CMD', 'ENTRYPOINT', 'SHELL', 'HEALTHCHECK CMD'), fc.array(quoted, { minLength: 1, maxLength: 3 })).map(([k, ws]) => `${k} ${JSON.stringify(ws)}`) },
  { weight: 1, arbitrary: fc.constantFrom('COPY <<X /inline\nbody $A\nX', 'ONBUILD RUN echo x', 'HEALTHCHECK NONE', 'EXPOSE 80/tcp 8000-8002', 'USER 1000:1000', 'WORKDIR /w') },
  { weight: 1, arbitrary: fc.constantFrom('ONBUILD ONBUILD RUN x', 'COPPY a b', 'ENV A', 'FROM', 'HEALTHCHECK --interval=$A CMD true', 'MAINTAINER me', 'RUN --bogus x') },
);

/** Hostile blocks: doubling (as in the issue), deep nesting, long lines, many lines, long FROM chains. */
const hostile = fc.oneof(
  fc.tuple(fc.constantFrom('ENV', 'ARG', 'LABEL'), fc.integer({ min: 10, max: 26 })).map(([k, n]) => [`ARG A=${'x'.repeat(32)}`, ...Array(n).fill(`${k === 'LABEL' ? 'ARG' : k} A=$A$A`), ...(k === 'LABEL' ? ['LABEL a=$A$A b=$A$A'] : [])].join('\n')),
  fc.integer({ min: 150, max: 400 }).map((n) => `ENV N=${'${X:-'.repeat(n)}a${'}'.repeat(n)}`),
  fc.integer({ min: 20, max: 40 }).map((n) => `RUN A=xxxxxxxx; for i in $(seq ${n}); do A=$A$A; done; echo \${#A}`),
  fc.integer({ min: 60_000, max: 70_000 }).map((n) => `ENV L=${'l'.repeat(n)}`),
  fc.integer({ min: 100, max: 2_000 }).map((n) => Array.from({ length: n }, (_, i) => `ENV V${i}=$V${Math.max(0, i - 1)}x`).join('\n')),
  // a FROM chain, past the stage limit at times
  fc.integer({ min: 50, max: 520 }).map((n) => ['FROM busybox AS c0', ...Array.from({ length: n }, (_, i) => `FROM c${i} AS c${i + 1}\nENV C=$C.`)].join('\n')),
);

const FROMS = ['FROM alpine', 'FROM alpine:3.19 AS first', 'FROM busybox', 'FROM busybox AS first', 'FROM scratch', 'FROM first', 'FROM --platform=$BUILDPLATFORM alpine', 'FROM ${IMG:-busybox}', 'FROM alpine', 'FROM alpine AS first', 'FROM nope:1'];
const DIRECTIVES = ['', '# syntax=docker/dockerfile:1\n', '# escape=`\n', '# check=error=true\n', '# check=skip=all\n'];

/** A whole Dockerfile: directives, global ARGs, then one to three stages. */
export const dockerfile = fc
  .tuple(
    fc.constantFrom(...DIRECTIVES),
    fc.array(fc.tuple(fc.constantFrom('ARG'), keyValues).map(([k, kv]) => `${k} ${kv}`), { maxLength: 2 }),
    fc.array(fc.tuple(fc.constantFrom(...FROMS), fc.array(fc.oneof({ weight: 12, arbitrary: instruction }, { weight: 1, arbitrary: hostile }), { maxLength: 6 })), { minLength: 1, maxLength: 3 }),
  )
  .map(([directive, globals, stages]) => directive + [...globals, ...stages.flatMap(([from, is]) => [from, ...is])].join('\n') + '\n');

/** Which way the CLI reads the file. */
export const mode = fc.oneof(
  { weight: 6, arbitrary: fc.constant<readonly string[]>([]) },
  { weight: 1, arbitrary: fc.constantFrom<readonly string[]>(['--check'], ['--call=outline'], ['--call=targets'], ['--no-cache', '--target', 'first']) },
);

const CONTEXT: Record<string, string> = { 'a.txt': 'alpha\n', 'dir/b.txt': 'beta\n', 'dir/sub/c.sh': 'echo c\n', '.dockerignore': 'ignored*\n', 'ignored.log': 'x', s: 'secret' };

/** A build context and a store root, reused by every run of one session. */
export function fuzzWorkspace(): { dir: string; root: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'stageplay-fuzz-'));
  for (const [path, text] of Object.entries(CONTEXT)) {
    mkdirSync(join(dir, 'ctx', path, '..'), { recursive: true });
    writeFileSync(join(dir, 'ctx', path), text);
  }
  return { dir, root: join(dir, 'root'), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Builds `text` with the CLI in-process (`--jobs 1`, plain progress, nothing exported): the exit code (or what it threw) and the output. */
export async function buildOutcome(ws: { dir: string; root: string }, text: string, flags: readonly string[]): Promise<{ code: number | Error; out: string }> {
  const file = join(ws.dir, 'Dockerfile');
  writeFileSync(file, text);
  let out = '';
  const sink = (s: string) => void (out.length < 1 << 20 ? (out += s) : undefined);
  try {
    const code = await runCli(
      ['build', '--root', ws.root, '--jobs', '1', '--progress=plain', '--secret', 'id=s,src=' + join(ws.dir, 'ctx', 's'), '-o', 'type=cacheonly', ...flags, '-f', file, join(ws.dir, 'ctx')],
      { cwd: ws.dir, env: {}, stdout: sink, stderr: sink },
    );
    return { code, out };
  } catch (e) {
    return { code: e instanceof Error ? e : new Error(String(e)), out };
  }
}

/** What is wrong with building `text`: an exit code other than 0 or 1, a throw, or JavaScript error text in the output; undefined when it is fine. */
export async function buildProblem(ws: { dir: string; root: string }, text: string, flags: readonly string[]): Promise<string | undefined> {
  const { code, out } = await buildOutcome(ws, text, flags);
  if (code instanceof Error) return `threw ${code.stack ?? code.message}`;
  if (code !== 0 && code !== 1) return `exit code ${code}\n${out.slice(-2000)}`;
  const js = JS_ERROR_TEXT.exec(out);
  if (js) return `JavaScript error text ${JSON.stringify(js[0])} in the output:\n${out.slice(Math.max(0, js.index - 1000), js.index + 1000)}`;
  return undefined;
}

/** The property: every generated Dockerfile, read every way, builds to exit 0 or 1 with no JavaScript error text. */
export function buildProperty(ws: { dir: string; root: string }) {
  return fc.asyncProperty(dockerfile, mode, async (text, flags) => {
    const problem = await buildProblem(ws, text, flags);
    if (problem !== undefined) throw new Error(`${problem}\n--- flags ${JSON.stringify(flags)}, Dockerfile:\n${text.length > 4000 ? text.slice(0, 4000) + '…' : text}`);
  });
}
