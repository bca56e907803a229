import { describe, expect, it } from 'vitest';
import { loadDockerfile } from '../../../frontend/index.ts';
import type { EngineError } from '../../../source/errors.ts';
import { parseLintOptions } from './linter.ts';
import { RULES } from './rules.ts';

/** `rule: detail (line N)` for every warning, as `docker build` prints them. */
function warn(text: string, opts: Parameters<typeof loadDockerfile>[1] = {}): string[] {
  return loadDockerfile(text, opts).warnings.map((w) => `${w.rule}: ${w.detail} (line ${w.ranges[0]?.start.line})`);
}

describe('lint rules', () => {
  it('have BuildKit URLs', () => {
    expect(RULES.FromAsCasing.url).toBe('https://docs.docker.com/go/dockerfile/rule/from-as-casing/');
    expect(RULES.UndefinedVar.url).toBe('https://docs.docker.com/go/dockerfile/rule/undefined-var/');
  });
  it.each([
    ['FROM golang:1.20-alpine as base\n', ["FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 1)"]],
    ['from a AS b\n', ["FromAsCasing: 'AS' and 'from' keywords' casing do not match (line 1)"]],
    ['FROM a AS Build\n', ["StageNameCasing: Stage name 'Build' should be lowercase (line 1)"]],
    ['FROM a AS x\nFROM b AS x\n', ['DuplicateStageName: Duplicate stage name "x", stage names should be unique (line 2)']],
    ['FROM a AS scratch\n', ['ReservedStageName: Stage name should not use the same name as reserved stage "scratch" (line 1)']],
    ['FROM a\nMAINTAINER me\n', ['MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label (line 2)']],
    ['FROM a\nENV A b\n', ['LegacyKeyValueFormat: "ENV key=value" should be used instead of legacy "ENV key value" format (line 2)']],
    ['FROM a\nLABEL a b\n', ['LegacyKeyValueFormat: "LABEL key=value" should be used instead of legacy "LABEL key value" format (line 2)']],
    ['FROM a\nCMD app run\n', ['JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior related to OS signals (line 2)']],
    ['FROM a\nSHELL ["/bin/bash", "-c"]\nENTRYPOINT app\n', []],
    ['FROM a\nWORKDIR app\n', ['WorkdirRelativePath: Relative workdir "app" can have unexpected results if the base image changes (line 2)']],
    ['FROM a AS b\nWORKDIR /src\nFROM b\nWORKDIR app\n', []],
    [
      'FROM a\nCMD ["a"]\nCMD ["b"]\nHEALTHCHECK NONE\n',
      ['MultipleInstructionsDisallowed: Multiple CMD instructions should not be used in the same stage because only the last one will be used (line 2)'],
    ],
    ['FROM a\nrun x\nRUN y\n', ["ConsistentInstructionCasing: Command 'run' should match the case of the command majority (uppercase) (line 2)"]],
    ['from a\nrun x\nRUN y\n', ["ConsistentInstructionCasing: Command 'RUN' should match the case of the command majority (lowercase) (line 3)"]],
    ['FROM a\nCOPY $NOPE /x\n', ["UndefinedVar: Usage of undefined variable '$NOPE' (line 2)"]],
    ['FROM a\nENV FOO=1\nWORKDIR /$FOOO\n', ["UndefinedVar: Usage of undefined variable '$FOOO' (did you mean $FOO?) (line 3)"]],
    ['FROM a\nARG UNSET\nWORKDIR /$UNSET\nRUN echo $NOT_CHECKED\n', []],
    ['ARG VERSION=1\nFROM alpine${VERSON}\n', ["UndefinedArgInFrom: FROM argument 'VERSON' is not declared (did you mean VERSION?) (line 2)"]],
    ['FROM --platform=$BUILDPLATFORM a\n', []],
    ['FROM --platform=$TARGETPLATFORM a\n', ['RedundantTargetPlatform: Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior (line 1)']],
    ['FROM --platform=linux/amd64 a\n', ['FromPlatformFlagConstDisallowed: FROM --platform flag should not use constant value "linux/amd64" (line 1)']],
    ['FROM a\nARG GITHUB_TOKEN\nENV DB_PASSWORD=x PUBLIC_KEY=y\n', [
      'SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data (ARG "GITHUB_TOKEN") (line 2)',
      'SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data (ENV "DB_PASSWORD") (line 3)',
    ]],
    ['FROM a\nRUN a \\\n\n  b\n', ['NoEmptyContinuation: Empty continuation line (line 4)']],
  ])('%j', (text, expected) => {
    expect(warn(text)).toEqual(expected);
  });

  it('InvalidDefaultArgInFrom checks FROM without build-args', () => {
    expect(warn('ARG IMG\nFROM ${IMG}:1\n', { buildArgs: { IMG: 'alpine' } })).toEqual([
      'InvalidDefaultArgInFrom: Default value for ARG ${IMG}:1 results in empty or invalid base image name (line 2)',
    ]);
    expect(warn('ARG IMG=alpine\nFROM ${IMG}:1\n')).toEqual([]);
  });

  it('dispatch-time rules only run for built stages unless allStages', () => {
    const text = 'FROM a AS unused\nWORKDIR rel\nFROM b\n';
    expect(warn(text)).toEqual([]);
    expect(warn(text, { allStages: true })).toHaveLength(1);
  });
});

describe('# check directive', () => {
  it('parses options', () => {
    expect(parseLintOptions('skip=A, B;error=true')).toMatchObject({ skipRules: ['A', 'B'], skipAll: false, returnAsError: true });
    expect(parseLintOptions('skip=all')).toMatchObject({ skipAll: true });
    expect(() => parseLintOptions('foo=bar')).toThrow('invalid check option "foo"');
    expect(() => parseLintOptions('skip')).toThrow('invalid check option "skip"');
  });
  it('skips rules and fails with error=true', () => {
    const text = 'FROM a as b\nMAINTAINER x\n';
    expect(warn(`# check=skip=FromAsCasing\n${text}`)).toEqual(['MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label (line 3)']);
    expect(warn(`# check=skip=all\n${text}`)).toEqual([]);
    let err: EngineError | undefined;
    try {
      loadDockerfile(`# check=error=true\n${text}`);
    } catch (e) {
      err = e as EngineError;
    }
    expect(err?.message).toBe('lint violation found for rules: FromAsCasing, MaintainerDeprecated');
    expect(err?.code).toBe('lint-violation');
    expect((err?.data?.warnings as unknown[]).length).toBe(2);
    expect(() => loadDockerfile('# check=error=true;skip=FromAsCasing\nFROM a as b\n')).not.toThrow();
    expect(() => loadDockerfile('# check=bad=1\nFROM a\n')).toThrow('failed to parse check options: invalid check option "bad"');
  });
});
