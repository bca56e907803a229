/**
 * RUN secret mounts as BuildKit's frontend tests state them (moby/buildkit
 * frontend/dockerfile/dockerfile_secrets_test.go); each case names the Go test it follows.
 */
import { describe, expect, it } from 'vitest';
import { build } from '../build/build.ts';
import { capture, filesOf, testDeps } from '../build/testing/project.ts';

const secrets = { mysecret: new TextEncoder().encode('pw') };

describe("BuildKit's secret tests", () => {
  it('testSecretAsEnviron: the variable holds the secret, no file is left, and the step name shows ****', async () => {
    const c = capture();
    const dockerfile =
      '\nFROM busybox\nENV SECRET_ENV=foo\nRUN --mount=type=secret,id=mysecret,env=SECRET_ENV [ "$SECRET_ENV" == "pw" ] && [ ! -f /run/secrets/mysecret ] || false\n';
    await build({ dockerfile, context: filesOf({}), secrets }, testDeps(), { onEvent: c.onEvent });
    expect(c.plain()).toContain('RUN --mount=type=secret,id=mysecret,env=SECRET_ENV [ "****" == "pw" ] && [ ! -f /run/secrets/mysecret ] || false');
    expect(c.plain()).not.toContain('"foo"');
  });
  it('testSecretAsEnvironWithFileMount: env= and target= give both', async () => {
    const dockerfile =
      '\nFROM busybox\nRUN --mount=type=secret,id=mysecret,target=/run/secrets/secret,env=SECRET_ENV [ "$SECRET_ENV" == "pw" ] && [ -f /run/secrets/secret ] || false\n';
    await expect(build({ dockerfile, context: filesOf({}), secrets }, testDeps())).resolves.toBeDefined();
  });
  it('testSecretRequiredWithoutValue: a required secret nobody gave fails the step', async () => {
    await expect(build({ dockerfile: 'FROM busybox \n\t\tRUN --mount=type=secret,required,id=mysecret foo', context: filesOf({}) }, testDeps())).rejects.toThrow(
      'secret mysecret: not found',
    );
  });
  it('testSecretFileParams: mode, uid and gid of the secret file (stat -c "%u %g %f"); nothing left behind', async () => {
    const dockerfile =
      '\nFROM busybox\nRUN --mount=type=secret,required=false,mode=741,uid=100,gid=102,target=/mysecret [ "$(stat -c "%u %g %f" /mysecret)" = "100 102 81e1" ]\nRUN [ ! -f /mysecret ] # check no stub left behind\n';
    await expect(build({ dockerfile, context: filesOf({}), secrets }, testDeps())).resolves.toBeDefined();
    // the same mount read with ls, and the defaults (root, 0400) for comparison
    const seen = await build({ dockerfile: 'FROM busybox\nRUN --mount=type=secret,id=mysecret,mode=741,uid=100,gid=102,target=/mysecret ls -ln /mysecret > /out\nRUN --mount=type=secret,id=mysecret stat -c "%a %u:%g %U %s" /run/secrets/mysecret >> /out\n', context: filesOf({}), secrets }, testDeps());
    const out = new TextDecoder().decode(seen.filesystems[0]!.readFile('/out'));
    expect(out).toMatch(/^-rwxr----x\s+1 100\s+102\s+2 .* \/mysecret\n400 0:0 root 2\n$/);
    expect(seen.filesystems[0]!.exists('/mysecret')).toBe(false);
  });
});
