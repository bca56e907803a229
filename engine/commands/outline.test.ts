import { describe, expect, it } from 'vitest';
import { MULTI_PLATFORM } from '../../lessons/dockerfiles.ts';
import { loadDockerfile } from '../dockerfile/index.ts';
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
    expect(r.out).toBe(
      'TARGET:      build\nDESCRIPTION: compiles the app\n\n' +
        'BUILD ARG    VALUE       DESCRIPTION\nGO_VERSION   1.22        sets the Go toolchain version\nNAME         the world   is whom to greet\n\n' +
        'SECRET   REQUIRED\ntoken    true\nnpmrc    \n\n',
    );
  });

  it('lists the guide\'s chapter 8 server inputs: globals in FROM, platform args, APP_VERSION unquoted', () => {
    const fe = loadDockerfile(MULTI_PLATFORM, { target: 'server' });
    const o = outlineOf(fe, {});
    expect(o.args.map((a) => [a.name, a.value])).toEqual([['GO_VERSION', '1.20'], ['TARGETOS', 'linux'], ['TARGETARCH', 'amd64'], ['APP_VERSION', '0.0.0+unknown']]);
    expect(formatOutline({ ...o, args: [], secrets: [] })).toBe('TARGET: server\n\n');
    expect(formatOutline({ name: '', description: '', args: [], secrets: [] })).toBe('');
  });

  it('format=json, and errors as a failed solve', () => {
    const j = JSON.parse(call('build --call=outline,format=json --target=build .').out) as Record<string, unknown>;
    expect(j).toMatchObject({ name: 'build', description: 'compiles the app', secrets: [{ name: 'token', required: true }, { name: 'npmrc' }] });
    const bad = call('build --call=outline --target=nope .');
    expect([bad.code, bad.err]).toEqual([1, 'ERROR: failed to solve: target stage "nope" could not be found\n']);
  });
});
