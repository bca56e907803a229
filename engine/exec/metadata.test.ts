import { describe, expect, it } from 'vitest';
import { build } from '../build/build.ts';
import { filesOf, testDeps } from '../build/testing/project.ts';
import type { ConfigFile } from '../image/index.ts';

async function configOf(dockerfile: string, buildArgs: Record<string, string> = {}): Promise<ConfigFile> {
  const r = await build({ dockerfile, context: filesOf({ 'f.txt': 'f' }), buildArgs }, testDeps());
  return r.images[0]!.configFile();
}

/** History entries added by the Dockerfile (after the base image's). */
function ownHistory(cfg: ConfigFile, base: number): [string, boolean][] {
  return cfg.history!.slice(base).map((h) => [h.created_by!, h.empty_layer === true]);
}

describe('metadata instructions: config and history as BuildKit writes them', () => {
  it('ENV replaces in place, ARG never reaches Env, history texts and empty layers', async () => {
    const cfg = await configOf('FROM scratch\nENV A=1 B=2\nARG V=dflt\nENV A=3\nLABEL k=v\nUSER 1000:1000\nEXPOSE 80 443/udp 8000-8001\nVOLUME /data\nSTOPSIGNAL SIGKILL\nMAINTAINER me\n', { V: 'override' });
    expect(cfg.config.Env).toEqual(['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'A=3', 'B=2']);
    expect(cfg.config.Labels).toEqual({ k: 'v' });
    expect(cfg.config.User).toBe('1000:1000');
    expect(Object.keys(cfg.config.ExposedPorts!)).toEqual(['443/udp', '80/tcp', '8000/tcp', '8001/tcp'].sort());
    expect(cfg.config.Volumes).toEqual({ '/data': {} });
    expect(cfg.config.StopSignal).toBe('SIGKILL');
    expect(cfg.author).toBe('me');
    expect(ownHistory(cfg, 0)).toEqual([
      ['ENV A=1 B=2', true],
      ['ARG V=override', true],
      ['ENV A=3', true],
      ['LABEL k=v', true],
      ['USER 1000:1000', true],
      ['EXPOSE [443/udp 80/tcp 8000/tcp 8001/tcp]', true],
      ['VOLUME [/data]', true],
      ['STOPSIGNAL SIGKILL', true],
      ['MAINTAINER me', true],
    ]);
  });

  it('ENTRYPOINT clears an inherited CMD, but keeps a CMD set earlier in the same stage', async () => {
    // alpine's config has Cmd ["/bin/sh"]
    const cleared = await configOf('FROM alpine:3.21\nENTRYPOINT ["/bin/echo"]\n');
    expect(cleared.config.Entrypoint).toEqual(['/bin/echo']);
    expect(cleared.config.Cmd).toBeUndefined();
    const kept = await configOf('FROM alpine:3.21\nCMD ["hi"]\nENTRYPOINT ["/bin/echo"]\n');
    expect(kept.config.Cmd).toEqual(['hi']);
    const inherited = await configOf('FROM alpine:3.21 AS a\nCMD ["hi"]\nFROM a\nENTRYPOINT ["/bin/echo"]\n');
    expect(inherited.config.Cmd).toBeUndefined();
  });

  it('shell forms use SHELL; CMD sets ArgsEscaped; history quotes like Go %q', async () => {
    const cfg = await configOf('FROM alpine:3.21\nSHELL ["/bin/ash", "-e", "-c"]\nCMD echo "hi"\nRUN echo shell\n');
    expect(cfg.config.Cmd).toEqual(['/bin/ash', '-e', '-c', 'echo "hi"']);
    expect(cfg.config.ArgsEscaped).toBe(true);
    expect(cfg.config.Shell).toEqual(['/bin/ash', '-e', '-c']);
    expect(ownHistory(cfg, 2)).toEqual([
      ['SHELL [/bin/ash -e -c]', true],
      ['CMD ["/bin/ash" "-e" "-c" "echo \\"hi\\""]', true],
      ['RUN /bin/ash -e -c echo shell # buildkit', false],
    ]);
  });

  it('RUN history carries declared ARGs as |N k=v; WORKDIR makes a layer unless /', async () => {
    const cfg = await configOf('FROM alpine:3.21\nARG A=1\nARG B\nWORKDIR /src\nWORKDIR /\nRUN true\n', { B: 'two' });
    expect(ownHistory(cfg, 2)).toEqual([
      ['ARG A=1', true],
      ['ARG B=two', true],
      ['WORKDIR /src', false],
      ['WORKDIR /', true],
      ['RUN |2 A=1 B=two /bin/sh -c true # buildkit', false],
    ]);
    expect(cfg.config.WorkingDir).toBe('/');
    expect(cfg.config.Env!.some((e) => e.startsWith('A=') || e.startsWith('B='))).toBe(false);
    expect(cfg.rootfs.diff_ids).toHaveLength(3);
  });

  it('HEALTHCHECK and ONBUILD', async () => {
    const cfg = await configOf('FROM scratch\nHEALTHCHECK --interval=5s --retries=3 CMD ["true"]\nONBUILD RUN echo hi\n');
    expect(cfg.config.Healthcheck).toEqual({ Test: ['CMD', 'true'], Interval: 5_000_000_000, Retries: 3 });
    expect(cfg.config.OnBuild).toEqual(['RUN echo hi']);
    expect(ownHistory(cfg, 0)).toEqual([['HEALTHCHECK &{["CMD" "true"] "5s" "0s" "0s" "0s" \'\\x03\'}', true]]);
  });

  it('ONBUILD triggers run in the child stage; the child image has no OnBuild', async () => {
    const r = await build({ dockerfile: 'FROM alpine:3.21 AS p\nONBUILD RUN echo trig > /t\nFROM p\nRUN cat /t\n', context: [] }, testDeps());
    expect(new TextDecoder().decode(r.filesystems[0]!.readFile('/t'))).toBe('trig\n');
    expect((await r.images[0]!.configFile()).config.OnBuild).toBeUndefined();
  });
});
