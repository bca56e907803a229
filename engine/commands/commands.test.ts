import { describe, expect, it } from 'vitest';
import { parseDockerCommand, tokenize, UsageError, parseFlags, buildUsage, runFrontendCall } from './index.ts';

const cmd = (line: string, env: Record<string, string> = {}) => parseDockerCommand(tokenize(line), env);

describe('docker command lines', () => {
  it('parses the guide build commands in every flag spelling', () => {
    const a = cmd('build --tag=buildme --target=client .');
    const b = cmd('buildx build -t buildme --target client .');
    const c = cmd('build . -tbuildme --target=client');
    for (const x of [a, b, c]) {
      expect(x.kind).toBe('build');
      if (x.kind !== 'build') continue;
      expect(x.options.tags).toEqual(['buildme']);
      expect(x.options.target).toBe('client');
      expect(x.options.context).toBe('.');
      expect(x.options.call.name).toBe('build');
    }
  });
  it('collects build args, platforms, outputs and call modes', () => {
    const x = cmd('build --build-arg="GO_VERSION=1.19" --build-arg APP_VERSION --platform=linux/amd64,linux/arm64 --platform linux/arm/v7 -o bin --check --no-cache=true .', { APP_VERSION: 'v0.0.1' });
    if (x.kind !== 'build') throw new Error('not a build');
    expect(x.options.buildArgs).toEqual({ GO_VERSION: '1.19', APP_VERSION: 'v0.0.1' });
    expect(x.options.platforms).toEqual(['linux/amd64', 'linux/arm64', 'linux/arm/v7']);
    expect(x.options.outputs).toEqual(['bin']);
    expect(x.options.call).toEqual({ name: 'check', format: 'text' });
    expect(x.options.noCache).toBe(true);
    const t = cmd('build --call=targets,format=json .');
    expect(t.kind === 'build' && t.options.call).toEqual({ name: 'targets', format: 'json' });
  });
  it('reports pflag errors the Docker way', () => {
    expect(() => cmd('build --tagg x .')).toThrow("unknown flag: --tagg\nSee 'docker build --help'.");
    expect(() => cmd('build -x .')).toThrow("unknown shorthand flag: 'x' in -x");
    expect(() => cmd('build . --target')).toThrow('flag needs an argument: --target');
    expect(() => cmd('build')).toThrow('"docker build" requires exactly 1 argument.');
    expect(() => cmd('build --no-cache=maybe .')).toThrow('invalid argument "maybe" for "--no-cache" flag');
    expect(() => cmd('frobnicate')).toThrow(UsageError);
  });
  it('parses images, history, rmi, prune, run and save', () => {
    expect(cmd('images "buildme*"')).toEqual({ kind: 'images', pattern: 'buildme*', quiet: false, all: false });
    expect(cmd('image ls -q')).toEqual({ kind: 'images', pattern: undefined, quiet: true, all: false });
    expect(cmd('history buildme')).toEqual({ kind: 'history', image: 'buildme', quiet: false });
    expect(cmd('rmi -f a b')).toEqual({ kind: 'rmi', images: ['a', 'b'], force: true });
    expect(cmd('image prune -af')).toEqual({ kind: 'image-prune', all: true });
    expect(cmd('run --rm -e A=1 buildme-server --port 4000')).toEqual({ kind: 'run', image: 'buildme-server', args: ['--port', '4000'], rm: true, env: ['A=1'], entrypoint: undefined, detach: false, publish: [], interactive: false, tty: false });
    expect(cmd('save -o client.tar buildme-client')).toEqual({ kind: 'save', images: ['buildme-client'], output: 'client.tar' });
  });
  it('prints build usage with every flag', () => {
    expect(buildUsage()).toMatch(/-t, --tag stringArray +Image identifier/);
    expect(cmd('build --help').kind).toBe('help');
  });
});

describe('tokenize', () => {
  it('splits like a shell: quotes, escapes, no expansion', () => {
    expect(tokenize(`docker images "buildme*"`)).toEqual(['docker', 'images', 'buildme*']);
    expect(tokenize(`a 'b c' "d \\"e\\"" f\\ g  `)).toEqual(['a', 'b c', 'd "e"', 'f g']);
    expect(tokenize(`--build-arg="GO_VERSION=1.19"`)).toEqual(['--build-arg=GO_VERSION=1.19']);
    expect(tokenize(`x ''`)).toEqual(['x', '']);
    expect(() => tokenize(`"open`)).toThrow();
  });
});

describe('parseFlags', () => {
  it('supports -- and shorthand clusters', () => {
    const r = parseFlags(['-qa', '--', '-x'], [
      { name: 'quiet', short: 'q', type: 'bool', description: '' },
      { name: 'all', short: 'a', type: 'bool', description: '' },
    ]);
    expect(r.values).toEqual({ quiet: true, all: true });
    expect(r.args).toEqual(['-x']);
  });
});

describe('front-end calls shared by the CLI and the web terminal', () => {
  const io = () => {
    const o = { out: '', err: '' };
    return { o, out: { stdout: (s: string) => (o.out += s), stderr: (s: string) => (o.err += s) } };
  };
  const opts = (line: string) => {
    const c = parseDockerCommand(tokenize(line));
    if (c.kind !== 'build') throw new Error('not a build');
    return c.options;
  };
  it('prints a check failure as ERROR: <message> then the excerpt (buildx PrintErrorTo)', () => {
    const { o, out } = io();
    expect(runFrontendCall(opts('build --check .'), { name: 'Dockerfile', text: 'FROM alpine\nCOPPY a b\n' }, out)).toBe(1);
    expect(o.err).toBe('ERROR: dockerfile parse error on line 2: unknown instruction: COPPY (did you mean COPY?)\nDockerfile:2\n--------------------\n   1 |     FROM alpine\n   2 | >>> COPPY a b\n   3 |     \n--------------------\n');
  });
  it('prints other failures as the excerpt then ERROR: failed to solve', () => {
    const { o, out } = io();
    expect(runFrontendCall(opts('build --call=targets .'), { name: 'Dockerfile', text: 'FROM alpine\nCOPPY a b\n' }, out)).toBe(1);
    expect(o.err.startsWith('Dockerfile:2\n')).toBe(true);
    expect(o.err.endsWith('ERROR: failed to solve: dockerfile parse error on line 2: unknown instruction: COPPY (did you mean COPY?)\n')).toBe(true);
  });
  it('leaves --call=build to the caller', () => {
    const { out } = io();
    expect(runFrontendCall(opts('build .'), { name: 'Dockerfile', text: 'FROM alpine\n' }, out)).toBeUndefined();
  });
});
