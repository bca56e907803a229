import { describe, expect, it } from 'vitest';
import { loadDockerfile, type Frontend } from '../../frontend/index.ts';
import { ShellLex } from '../shell/lex.ts';
import { expandCommand } from './expand.ts';
import { commandOf } from './stages-of.test-util.ts';
import type { EngineError } from '../../source/errors.ts';

const lex = new ShellLex('\\');

/** Expanded commands of the target stage, with the env after each. */
function walk(text: string, opts: Parameters<typeof loadDockerfile>[1] = {}): { fe: Frontend; steps: { cmd: unknown; env: Record<string, string> }[] } {
  const fe = loadDockerfile(text, opts);
  const sim = fe.simulated.get(fe.target.index)!;
  return { fe, steps: sim.steps.map((s) => ({ cmd: s.command, env: Object.fromEntries(s.env) })) };
}
function fail(text: string, opts: Parameters<typeof loadDockerfile>[1] = {}): EngineError {
  try {
    loadDockerfile(text, opts);
  } catch (e) {
    return e as EngineError;
  }
  throw new Error('expected an error');
}

describe('expandCommand', () => {
  it('ENV sees the env from before the instruction', () => {
    const c = expandCommand(commandOf('ENV a=bye b=$a'), new Map([['a', 'hi']]), lex);
    expect(c).toMatchObject({ env: [{ key: 'a', value: 'bye' }, { key: 'b', value: 'hi' }] });
    const { steps } = walk('FROM scratch\nENV a=hi\nENV a=bye b=$a\n');
    expect(steps[1]!.env).toMatchObject({ a: 'bye', b: 'hi' });
  });
  it('expands what BuildKit expands and nothing else', () => {
    const env = new Map([['D', '/dst'], ['U', 'app'], ['P', '80 443'], ['S', 'src'], ['X', 'x']]);
    expect(expandCommand(commandOf('COPY --chown=$U --chmod=$X --from=b $S ${D}/'), env, lex)).toMatchObject({
      sourcePaths: ['src'], destPath: '/dst/', chown: 'app', chmod: 'x', from: 'b',
    });
    expect(expandCommand(commandOf('EXPOSE $P'), env, lex)).toMatchObject({ ports: ['80', '443'] });
    expect(expandCommand(commandOf('WORKDIR $D/w'), env, lex)).toMatchObject({ path: '/dst/w' });
    expect(expandCommand(commandOf('USER $U'), env, lex)).toMatchObject({ user: 'app' });
    expect(expandCommand(commandOf('VOLUME $D'), env, lex)).toMatchObject({ volumes: ['/dst'] });
    expect(expandCommand(commandOf('LABEL "$X"="a $U"'), env, lex)).toMatchObject({ labels: [{ key: 'x', value: 'a app' }] });
    expect(expandCommand(commandOf('RUN echo $U'), env, lex)).toMatchObject({ cmdLine: ['echo $U'] });
    expect(expandCommand(commandOf('CMD echo $U'), env, lex)).toMatchObject({ cmdLine: ['echo $U'] });
    expect(expandCommand(commandOf('RUN --mount=type=cache,target=$D,id=$U true'), env, lex)).toMatchObject({
      mounts: [{ type: 'cache', target: '/dst', id: 'app' }],
    });
    expect(expandCommand(commandOf('COPY <<EOF /f\n$U "q"\nEOF'), env, lex)).toMatchObject({ sourceContents: [{ data: 'app "q"\n' }] });
    expect(expandCommand(commandOf("COPY <<'EOF' /f\n$U\nEOF"), env, lex)).toMatchObject({ sourceContents: [{ data: '$U\n' }] });
  });
  it('validates mounts after expansion', () => {
    expect(() => expandCommand(commandOf('RUN --mount=type=$T,target=/x true'), new Map([['T', 'volume']]), lex)).toThrow(
      'unsupported mount type "volume"',
    );
  });
  it('collects unmatched names and attaches ranges to lexer errors', () => {
    const u = new Set<string>();
    expandCommand(commandOf('WORKDIR $NOPE/x'), new Map(), lex, u);
    expect([...u]).toEqual(['NOPE']);
    try {
      expandCommand(commandOf('WORKDIR ${X:?gone}'), new Map(), lex);
      throw new Error('no error');
    } catch (e) {
      expect((e as EngineError).message).toBe('failed to process "${X:?gone}": X: gone');
      expect((e as EngineError).ranges[0]!.start.line).toBe(2);
    }
  });
});

describe('ARG scoping', () => {
  it('global args are only for FROM; stages re-declare them', () => {
    const { fe, steps } = walk('ARG V=1.20\nFROM golang:${V}-alpine\nRUN echo\nARG V\nRUN echo\n');
    expect(fe.froms[0]!.baseName).toBe('golang:1.20-alpine');
    expect(steps[0]!.env).not.toHaveProperty('V');
    expect(steps[2]!.env).toMatchObject({ V: '1.20' });
  });
  it('build-args override defaults, globals and stage ARGs', () => {
    const text = 'ARG V=1.20\nFROM golang:${V}-alpine\nARG V\nARG APP="0.0.0+unknown"\nARG NONE\n';
    const { fe, steps } = walk(text, { buildArgs: { V: '1.19', APP: 'v0.0.1' } });
    expect(fe.froms[0]!.baseName).toBe('golang:1.19-alpine');
    expect(steps[2]!.env).toMatchObject({ V: '1.19', APP: 'v0.0.1' });
    expect(steps[2]!.env).not.toHaveProperty('NONE');
    expect(walk(text).steps[2]!.env).toMatchObject({ APP: '0.0.0+unknown' });
  });
  it('stage ARGs are inherited by FROM <stage>, not by siblings', () => {
    const text = 'FROM a AS base\nARG X=1\nFROM base AS child\nRUN true\nFROM a AS sibling\nRUN true\n';
    expect(walk(text, { target: 'child' }).steps[0]!.env).toMatchObject({ X: '1' });
    expect(walk(text, { target: 'sibling' }).steps[0]!.env).not.toHaveProperty('X');
  });
  it('built-in platform args and TARGETSTAGE', () => {
    const text = 'FROM --platform=$BUILDPLATFORM golang AS build\nARG TARGETOS TARGETARCH TARGETPLATFORM BUILDARCH TARGETVARIANT TARGETSTAGE\n';
    const { fe, steps } = walk(text, { platform: 'linux/arm/v7' });
    expect(steps[0]!.env).toMatchObject({ TARGETOS: 'linux', TARGETARCH: 'arm', TARGETVARIANT: 'v7', TARGETPLATFORM: 'linux/arm/v7', BUILDARCH: 'amd64', TARGETSTAGE: 'build' });
    expect(fe.froms[0]!.platform).toEqual({ os: 'linux', architecture: 'amd64' });
    expect(walk('FROM a\nARG TARGETSTAGE\n').steps[0]!.env).toMatchObject({ TARGETSTAGE: 'default' });
    expect(walk('FROM a\nARG TARGETARCH\n', { buildArgs: { TARGETARCH: 'riscv64' } }).steps[0]!.env).toMatchObject({ TARGETARCH: 'riscv64' });
  });
  it('ENV of the same name overrides an ARG for later instructions', () => {
    expect(walk('FROM a\nARG X=arg\nENV X=env\nWORKDIR /$X\n').steps[2]!.cmd).toMatchObject({ path: '/env' });
  });
  it('meta ARG defaults see earlier globals and built-ins', () => {
    const { fe } = walk('ARG A=x\nARG B=${A}-${TARGETARCH}\nFROM img:$B\n', { platform: 'linux/arm64' });
    expect(fe.froms[0]!.baseName).toBe('img:x-arm64');
  });
});

describe('FROM expansion errors', () => {
  it('blank base name', () => {
    const e = fail('ARG IMG\nFROM ${IMG}\n');
    expect(e.message).toBe('base name (${IMG}) should not be blank');
    expect(e.ranges[0]!.start.line).toBe(2);
  });
  it('platforms', () => {
    expect(fail('ARG P\nFROM --platform=$P a\n').message).toBe('empty platform value from expression $P');
    expect(fail('FROM --platform=foo/bar a\n').message).toBe(
      'failed to parse platform foo/bar: "foo/bar": unknown operating system or architecture: invalid argument',
    );
  });
  it('COPY rejects URLs and git refs when the stage is built', () => {
    expect(fail('FROM a\nCOPY https://example.com/x /x\n')).toMatchObject({ message: "source can't be a URL for COPY", code: 'copy-url' });
    expect(fail('FROM a\nCOPY git@github.com:a/b.git /x\n').message).toBe("source can't be a git ref for COPY");
    expect(() => loadDockerfile('FROM a AS x\nCOPY https://e/x /x\nFROM b\n')).not.toThrow();
    expect(() => loadDockerfile('FROM a\nADD https://example.com/x /x\n')).not.toThrow();
  });
  it('COPY/ADD --chmod: octal up to 07777 or symbolic', () => {
    const msg = (v: string) => `invalid chmod parameter: '${v}'. it should be octal string and between 0 and 07777`;
    expect(fail('FROM a\nCOPY --chmod=9999 a b\n')).toMatchObject({ message: msg('9999'), code: 'copy-chmod' });
    expect(fail('FROM a\nADD --chmod=17777 a b\n').message).toBe(msg('17777'));
    expect(fail('FROM a\nCOPY --chmod=rwx a b\n').message).toBe(msg('rwx'));
    for (const ok of ['755', '0644', '07777', 'u=rwX,go=rX', '+x', 'a-w']) {
      expect(() => loadDockerfile(`FROM a\nCOPY --chmod=${ok} a b\n`)).not.toThrow();
    }
  });
  it('empty file and no stages', () => {
    expect(fail('')).toMatchObject({ message: 'the Dockerfile cannot be empty', code: 'empty-dockerfile' });
    expect(fail('ARG A=1\n')).toMatchObject({ message: 'dockerfile contains no stages to build', code: 'no-stages' });
  });
});

describe('simulateStageEnv', () => {
  it('tracks WORKDIR, USER, SHELL and config env separately from ARGs', () => {
    const fe = loadDockerfile('FROM a AS base\nARG A=1\nENV E=2\nWORKDIR /src\nWORKDIR ../app/./x/\nUSER nobody\nSHELL ["/bin/bash","-c"]\nFROM base\nWORKDIR sub\n');
    const base = fe.simulated.get(0)!.state;
    expect(base.workdir).toBe('/app/x');
    expect(base.user).toBe('nobody');
    expect(base.shell).toEqual(['/bin/bash', '-c']);
    expect(base.configEnv.toArray()).toEqual(['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'E=2']);
    expect(base.env.toArray()).toContain('A=1');
    const child = fe.simulated.get(1)!.state;
    expect(child.workdir).toBe('/app/x/sub');
    expect(child.args).toEqual([{ key: 'A', value: '1' }]);
  });
});

describe('ONBUILD triggers', () => {
  it('run first in stages built FROM the stage that declares them', () => {
    const fe = loadDockerfile('FROM a AS base\nONBUILD ENV X=1\nONBUILD WORKDIR /w\nFROM base\nRUN x\n');
    const child = fe.simulated.get(1)!;
    expect(child.steps.map((s) => s.command.kind)).toEqual(['ENV', 'WORKDIR', 'RUN']);
    expect(child.steps[0]!.command.range.start.line).toBe(2);
    expect(child.state.workdir).toBe('/w');
    expect(fe.simulated.get(0)!.state.env.has('X')).toBe(false);
  });
  it('a bad trigger fails only when a child stage is built', () => {
    expect(() => loadDockerfile('FROM a AS base\nONBUILD COPPY a b\n')).not.toThrow();
    expect(fail('FROM a AS base\nONBUILD COPPY a b\nFROM base\n').message).toBe(
      'dockerfile parse error on line 2: unknown instruction: COPPY (did you mean COPY?)',
    );
  });
});

describe('base image config', () => {
  it('seeds the env and workdir from imageConfig', () => {
    const imageConfig = (ref: string) =>
      ref === 'docker.io/library/golang:1.20-alpine' ? { env: ['PATH=/go/bin:/usr/bin', 'GOPATH=/go'], workingDir: '/go' } : undefined;
    const fe = loadDockerfile('FROM golang:1.20-alpine\nENV P=$GOPATH/bin\nWORKDIR src\n', { imageConfig });
    const st = fe.simulated.get(0)!.state;
    expect(st.env.get('P')).toBe('/go/bin');
    expect(st.workdir).toBe('/go/src');
    expect(fe.warnings.map((w) => w.rule)).toEqual(['WorkdirRelativePath']);
    expect(loadDockerfile('FROM golang:1.20-alpine\nENV P=$GOPATH/bin\n').warnings.map((w) => w.rule)).toEqual(['UndefinedVar']);
  });
});
