/**
 * CMD, ENTRYPOINT and SHELL in the image config as BuildKit's frontend tests state them
 * (moby/buildkit frontend/dockerfile/dockerfile_cmd_test.go and dockerfile_test.go);
 * each case names the Go test it follows.
 */
import { describe, expect, it } from 'vitest';
import { build } from '../build/build.ts';
import { filesOf, testDeps } from '../build/testing/project.ts';

describe("BuildKit's CMD/ENTRYPOINT tests", () => {
  it('testCmdShell: an ENTRYPOINT clears the inherited CMD and goes through SHELL (a stage as the base, not a pushed image)', async () => {
    const r = await build({ dockerfile: '\nFROM scratch AS base\nCMD ["test"]\n\nFROM base\nSHELL ["ls"]\nENTRYPOINT my entrypoint\n', context: filesOf({}) }, testDeps());
    const cfg = (await r.images[0]!.configFile()).config;
    expect(cfg.Cmd).toBeUndefined();
    expect(cfg.Entrypoint).toEqual(['ls', 'my entrypoint']);
  });
  it('testDefaultShellAndPath (linux/amd64): shell-form ENTRYPOINT on scratch is /bin/sh -c, and PATH is set', async () => {
    const r = await build({ dockerfile: '\nFROM scratch\nENTRYPOINT foo bar\nCOPY Dockerfile .\n', context: filesOf({ Dockerfile: 'x' }) }, testDeps());
    const cfg = (await r.images[0]!.configFile()).config;
    expect(cfg.Entrypoint).toEqual(['/bin/sh', '-c', 'foo bar']);
    expect(cfg.Env).toEqual(['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin']);
  });
  it('testIgnoreEntrypoint: RUN does not go through the ENTRYPOINT', async () => {
    await expect(build({ dockerfile: '\nFROM busybox\nENTRYPOINT ["/nosuchcmd"]\nRUN ["ls"]\n', context: filesOf({}) }, testDeps())).resolves.toBeDefined();
  });
  it('testInvalidJSONCommands: RUN ["echo", "hello"]this is invalid runs as shell form and fails there', async () => {
    await expect(build({ dockerfile: '\nFROM alpine\nRUN ["echo", "hello"]this is invalid\n', context: filesOf({}) }, testDeps())).rejects.toThrow('this is invalid');
  });
});
