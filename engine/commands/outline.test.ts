import { describe, expect, it } from 'vitest';
import { MULTI_PLATFORM } from '../../lessons/dockerfiles.ts';
import { loadDockerfile } from '../frontend/index.ts';
import { parseDockerCommand, runFrontendCall, tokenize } from './index.ts';
import { formatOutline, outlineOf } from './outline.ts';

const DF = `# syntax=docker/dockerfile:1

# GO_VERSION sets the Go toolchain version
ARG GO_VERSION=1.20
ARG LINT=v1.52

# build compiles the app
FROM golang:\${GO_VERSION}-alpine AS build
# NAME is whom to greet
ARG NAME="the world"
ARG UNUSED=1
RUN --mount=type=secret,id=token,required=true --mount=type=secret,target=/run/secrets/npmrc echo hello $NAME

FROM golangci/golangci-lint:\${LINT} AS lint
`;

function call(line: string, text = DF): { code: number | undefined; out: string; err: string } {
  const c = parseDockerCommand(tokenize(line), {});
  if (c.kind !== 'build') throw new Error('not a build');
  let out = '';
  let err = '';
  const code = runFrontendCall(c.options, { name: 'Dockerfile', text }, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { code, out, err };
}

describe('docker build --call=outline', () => {
  it('prints the target, the args it uses with values and descriptions, and its secrets, as buildx does', () => {
    const r = call('build --call=outline --target=build --build-arg GO_VERSION=1.22 .');
    expect(r.code).toBe(0);
    // every ARG of the target's stages is listed, used or not (BuildKit's dispatchArg marks each one used)
    expect(r.out).toBe(
      'TARGET:      build\nDESCRIPTION: compiles the app\n\n' +
        'BUILD ARG    VALUE       DESCRIPTION\nGO_VERSION   1.22        sets the Go toolchain version\nNAME         the world   is whom to greet\nUNUSED       1           \n\n' +
        'SECRET   REQUIRED\ntoken    true\nnpmrc    \n\n',
    );
  });

  it("lists the guide's chapter 8 server inputs: the global in FROM and APP_VERSION unquoted; TARGETOS/TARGETARCH take the built-in value and are not listed", () => {
    const fe = loadDockerfile(MULTI_PLATFORM, { target: 'server' });
    const o = outlineOf(fe, {});
    expect(o.args.map((a) => [a.name, a.value, a.range.start.line])).toEqual([['GO_VERSION', '1.20', 2], ['APP_VERSION', '0.0.0+unknown', 21]]);
    expect(formatOutline({ ...o, args: [], secrets: [] })).toBe('TARGET: server\n\n');
    expect(formatOutline({ name: '', description: '', args: [], secrets: [], ssh: [] })).toBe('');
  });

  it('format=json, and errors as a failed solve', () => {
    const j = JSON.parse(call('build --call=outline,format=json --target=build .').out) as Record<string, unknown>;
    expect(j).toMatchObject({
      name: 'build',
      description: 'compiles the app',
      secrets: [
        { name: 'token', required: true, location: { ranges: [{ start: { line: 12 }, end: { line: 12 } }] } },
        { name: 'npmrc', location: { ranges: [{ start: { line: 12 }, end: { line: 12 } }] } },
      ],
    });
    const bad = call('build --call=outline --target=nope .');
    expect([bad.code, bad.err]).toEqual([1, 'ERROR: failed to solve: target stage "nope" could not be found\n']);
  });
});

/** The outline's result.json as BuildKit's tests read it back. */
interface OutlineJSON {
  name?: string;
  description?: string;
  args?: { name: string; value?: string; description?: string; location: { ranges: { start: { line: number } }[] } }[];
  secrets?: { name: string; required?: boolean; location: { ranges: { start: { line: number } }[] } }[];
  ssh?: { name: string; required?: boolean; location: { ranges: { start: { line: number } }[] } }[];
  sources: string[];
}

function outlineJSONOf(line: string, text: string): OutlineJSON {
  const r = call(line, text);
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as OutlineJSON;
}

const decode = (b64: string): string => new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));

describe("BuildKit's outline tests (dockerfile_outline_test.go)", () => {
  it('testOutlineArgs: the args of the target, its base and the stages it copies from, sorted by line', () => {
    const dockerfile = `
ARG inherited=box
ARG inherited2=box2
ARG unused=abc\${inherited2}
# sfx is a suffix
ARG sfx="usy\${inherited}"

FROM b\${sfx} AS first
# this is not assigned to anything
ARG FOO=123
# BAR is a number
ARG BAR=456
RUN true

FROM alpine\${unused} AS second
ARG BAZ
RUN true

FROM scratch AS third
ARG ABC=a
# check=skip=all
ARG password
# alternate_password will show up in the outline
# check=skip=all
ARG alternate_password

# target defines build target
FROM third AS target
COPY --from=first /etc/passwd /

FROM second
`;
    const o = outlineJSONOf('build --call=outline,format=json --build-arg BAR=678 --target=target .', dockerfile);
    expect(o.name).toBe('target');
    expect(o.description).toBe('defines build target');
    expect(o.sources.map(decode)).toEqual([dockerfile]);
    expect(o.args!.map((a) => [a.name, a.value ?? '', a.description ?? '', a.location.ranges[0]!.start.line])).toEqual([
      ['inherited', 'box', '', 2],
      ['sfx', 'usybox', 'is a suffix', 6],
      ['FOO', '123', '', 10],
      ['BAR', '678', 'is a number', 12],
      ['ABC', 'a', '', 20],
      ['password', '', '', 22],
      ['alternate_password', '', 'will show up in the outline', 25],
    ]);
  });

  it('testOutlineSecrets: secrets and ssh of the target and its dependencies, ids expanded', () => {
    const dockerfile = `
FROM busybox AS first
RUN --mount=type=secret,target=/etc/passwd,required=true --mount=type=ssh true

FROM alpine AS second
RUN --mount=type=secret,id=unused --mount=type=ssh,id=ssh2 true

FROM scratch AS third
ARG BAR
RUN --mount=type=secret,id=second\${BAR} true

FROM third AS target
COPY --from=first /foo /
RUN --mount=type=ssh,id=ssh3,required true

FROM second
`;
    const o = outlineJSONOf('build --call=outline,format=json --build-arg BAR=678 --target=target .', dockerfile);
    expect(o.sources.map(decode)).toEqual([dockerfile]);
    const brief = (l: OutlineJSON['secrets']) => l!.map((s) => [s.name, s.required ?? false, s.location.ranges[0]!.start.line]);
    expect(brief(o.secrets)).toEqual([['passwd', true, 3], ['second678', false, 10]]);
    expect(brief(o.ssh)).toEqual([['default', false, 3], ['ssh3', true, 14]]);
    // and buildx's text: an SSH table after the SECRET one
    expect(call('build --call=outline --build-arg BAR=678 --target=target .', dockerfile).out).toBe(
      'TARGET: target\n\nBUILD ARG   VALUE   DESCRIPTION\nBAR         678     \n\n' +
        'SECRET      REQUIRED\npasswd      true\nsecond678   \n\nSSH       REQUIRED\ndefault   \nssh3      true\n\n',
    );
  });

  it('testOutlineRecursiveArgs: defaults that expand other globals, the globals they expand listed too', () => {
    const dockerfile = `
ARG FOO=123
ARG ABC=abc
ARG DEF=def
ARG FOO=\${FOO}\${ABC}
ARG BAR=\${FOO}456
ARG FOO=\${FOO}456\${BAR}
FROM scratch
ARG FOO
ARG INFOO=123
ARG INBAR=\${INFOO}456
ARG INFOO=\${INFOO}456\${INBAR}
`;
    const o = outlineJSONOf('build --call=outline,format=json .', dockerfile);
    expect(o.args!.map((a) => [a.name, a.value])).toEqual([
      ['ABC', 'abc'],
      ['BAR', '123abc456'],
      ['FOO', '123abc456123abc456'],
      ['INBAR', '123456'],
      ['INFOO', '123456123456'],
    ]);
  });
});

describe("BuildKit's targets test (dockerfile_targets_test.go)", () => {
  const dockerfile = `
# build defines stage for compiling the binary
FROM alpine AS build
RUN true

FROM busybox as second
RUN false

FROM alpine
RUN false

# binary returns the compiled binary
FROM second AS binary
`;
  it('testTargetsList: every stage with its base, description, default and location; BuildKit field names', () => {
    const r = call('build --call=targets,format=json .', dockerfile);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.out) as { targets: Record<string, unknown>[]; sources: string[] };
    expect(list.sources.map(decode)).toEqual([dockerfile]);
    const loc = (line: number) => ({ ranges: [{ start: { line }, end: { line } }] });
    expect(list.targets).toEqual([
      { name: 'build', description: 'defines stage for compiling the binary', base: 'alpine', location: loc(3) },
      { name: 'second', base: 'busybox', location: loc(6) },
      { base: 'alpine', location: loc(9) },
      { name: 'binary', default: true, description: 'returns the compiled binary', base: 'second', location: loc(13) },
    ]);
  });
  it('lists the stages without expanding or resolving anything: --target and unset args do not matter', () => {
    const r = call('build --call=targets --target=nope .', dockerfile + 'FROM --platform=$NOPE img:${TAG} AS last\n');
    expect(r).toEqual({
      code: 0,
      // tabwriter, padding 1: the widest cell is 'last (default)'
      out: 'TARGET         DESCRIPTION\nbuild          defines stage for compiling the binary\nsecond         \n               \nbinary         returns the compiled binary\nlast (default) \n',
      err: '',
    });
    const json = JSON.parse(call('build --call=targets,format=json .', dockerfile + 'FROM --platform=$NOPE img:${TAG} AS last\n').out) as { targets: Record<string, unknown>[] };
    expect(json.targets[4]).toEqual({ name: 'last', default: true, base: 'img:${TAG}', platform: '$NOPE', location: { ranges: [{ start: { line: 14 }, end: { line: 14 } }] } });
  });
  it('escapes <, > and & in strings as Go does', () => {
    expect(call('build --call=targets,format=json .', '# a uses <b> & c\nFROM scratch AS a\n').out).toContain('"description": "uses \\u003cb\\u003e \\u0026 c"');
  });
});
