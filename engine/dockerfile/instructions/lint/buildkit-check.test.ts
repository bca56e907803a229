/**
 * Cases from BuildKit's lint tests (moby/buildkit frontend/dockerfile/dockerfile_check_test.go),
 * written here as tables: each names the Go test function it follows. Warnings are compared
 * as BuildKit's helper compares them: sorted by line, then by detail.
 */
import { describe, expect, it } from 'vitest';
import { loadDockerfile, warningsOf, type LoadOptions } from '../../index.ts';
import { EngineError } from '../../../source/errors.ts';
import { ignoreMatcher } from '../../../context/index.ts';

/** `Rule: detail (line N)` for every warning of a `--check` (all stages), sorted as BuildKit's test helper sorts them. */
function check(text: string, opts: LoadOptions = {}): { warnings: string[]; error?: string } {
  const line = (w: { ranges: readonly { start: { line: number } }[] }) => w.ranges[0]?.start.line ?? 0;
  const fmt = (ws: readonly { rule: string; detail: string; ranges: readonly { start: { line: number } }[] }[]) =>
    [...ws].sort((a, b) => line(a) - line(b) || (a.detail < b.detail ? -1 : a.detail > b.detail ? 1 : 0)).map((w) => `${w.rule}: ${w.detail} (line ${line(w)})`);
  try {
    return { warnings: fmt(loadDockerfile(text, { allStages: true, ...opts }).warnings) };
  } catch (err) {
    if (!(err instanceof EngineError)) throw err;
    return { warnings: fmt(warningsOf(err)), error: err.message };
  }
}

const secret = (instruction: string, key: string, line: number) =>
  `SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data (${instruction} ${JSON.stringify(key)}) (line ${line})`;

describe('BuildKit lint tests', () => {
  it('testSecretsUsedInArgOrEnv: deny and allow patterns, and # check= comments that skip one instruction', () => {
    const dockerfile = `# check=skip=InvalidDefinitionDescription

FROM scratch
ARG SECRET_PASSPHRASE
ENV SUPER_Secret=foo
ENV password=bar secret=baz
ARG super_duper_secret_token=foo auth=bar
ENV apikey=bar sunflower=foo
ENV git_key=
ENV PUBLIC_KEY=
ARG public_token
ARG SECRET_PASSPHRASE_FILE
ENV password_file=bar secret_File=baz
ARG AUTH_MODULE_VERSION
# check=skip=SecretsUsedInArgOrEnv // allow secret in environment
ENV password=bar
# check=skip=SecretsUsedInArgOrEnv // allow secret in arg
ARG password
# check=skip=all // is local to only this instruction
ENV alternate_password=bar
# check=skip=all // is local to only this instruction
ARG alternate_password
`;
    expect(check(dockerfile).warnings).toEqual([
      secret('ARG', 'SECRET_PASSPHRASE', 4),
      secret('ENV', 'SUPER_Secret', 5),
      secret('ENV', 'password', 6),
      secret('ENV', 'secret', 6),
      secret('ARG', 'auth', 7),
      secret('ARG', 'super_duper_secret_token', 7),
      secret('ENV', 'apikey', 8),
      secret('ENV', 'git_key', 9),
    ]);
  });

  it('testFromPlatformFlagConstDisallowed: a constant platform warns unless the stage name holds its OS or architecture', () => {
    expect(check('\nFROM --platform=linux/amd64 scratch\n').warnings).toEqual([
      'FromPlatformFlagConstDisallowed: FROM --platform flag should not use constant value "linux/amd64" (line 2)',
    ]);
    expect(check('\nFROM --platform=linux/amd64 scratch AS my_amd64_stage\n').warnings).toEqual([]);
    expect(check('\nFROM --platform=linux/amd64 scratch AS linux\n').warnings).toEqual([]);
  });

  it('testExposeProtoCasing', () => {
    expect(check('\nFROM scratch\nEXPOSE 80/TcP 8080/TCP 8080/udp\n').warnings).toEqual([
      "ExposeProtoCasing: Defined protocol '80/TcP' in EXPOSE instruction should be lowercase (line 3)",
      "ExposeProtoCasing: Defined protocol '8080/TCP' in EXPOSE instruction should be lowercase (line 3)",
    ]);
  });

  it('testExposeInvalidFormat', () => {
    expect(check('\nFROM scratch\nEXPOSE 127.0.0.1:80:80 [::1]:8080:8080 5000:5000 8000\n').warnings).toEqual([
      "ExposeInvalidFormat: EXPOSE instruction should not define an IP address or host-port mapping, found '127.0.0.1:80:80' (line 3)",
      "ExposeInvalidFormat: EXPOSE instruction should not define an IP address or host-port mapping, found '5000:5000' (line 3)",
      "ExposeInvalidFormat: EXPOSE instruction should not define an IP address or host-port mapping, found '[::1]:8080:8080' (line 3)",
    ]);
  });

  it('testDefinitionDescription: an experimental rule, run only when enabled (even with skip=all)', () => {
    const good = `# check=skip=all;experimental=InvalidDefinitionDescription
# foo this is the foo
ARG foo=bar

# base this is the base image
FROM scratch AS base

# version this is the version number
ARG version=latest

# baz this is the baz
ARG foo=baz bar=qux baz=quux
#
ARG bit=bat

# comment for something other than ARG or FROM
COPY Dockerfile .
`;
    expect(check(good).warnings).toEqual([]);
    const bad = `# check=experimental=InvalidDefinitionDescription
# bar this is the bar
ARG foo=bar
# BasE this is the BasE image
FROM scratch AS base
# definitely a bad comment
ARG version=latest
# definitely a bad comment
ARG foo=baz bar=qux baz=quux
`;
    const rule = 'InvalidDefinitionDescription: Comment for';
    expect(check(bad).warnings).toEqual([
      `${rule} ARG should follow the format: \`# foo <description>\` (line 3)`,
      `${rule} FROM should follow the format: \`# base <description>\` (line 5)`,
      `${rule} ARG should follow the format: \`# version <description>\` (line 7)`,
      `${rule} ARG should follow the format: \`# <arg_key> <description>\` (line 9)`,
    ]);
    // not enabled: nothing
    expect(check(bad.replace('# check=experimental=InvalidDefinitionDescription', '# plain comment')).warnings).toEqual([]);
  });

  describe('testRuleCheckOption: # check= directive and the BUILDKIT_DOCKERFILE_CHECK build arg', () => {
    const body = 'FROM scratch as base\ncopy Dockerfile .\n';
    const fromAs = "FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 2)";
    it.each([
      ['#check=skip=all\n', [], undefined],
      ['#check=skip=all;error=true\n', [], undefined],
      ['#check=skip=ConsistentInstructionCasing,FromAsCasing\n', [], undefined],
      ['#check=skip=ConsistentInstructionCasing,FromAsCasing;error=true\n', [], undefined],
      ['#check=skip=ConsistentInstructionCasing\n', [fromAs], undefined],
      ['#check=skip=ConsistentInstructionCasing;error=true\n', [fromAs], 'lint violation found for rules: FromAsCasing'],
    ])('%s', (directive, warnings, error) => {
      expect(check(directive + body)).toEqual({ warnings, ...(error ? { error } : {}) });
    });
    it('the build arg replaces the directive', () => {
      expect(check('#check=skip=all\n' + body, { buildArgs: { BUILDKIT_DOCKERFILE_CHECK: 'skip=ConsistentInstructionCasing;error=true' } })).toEqual({
        warnings: [fromAs],
        error: 'lint violation found for rules: FromAsCasing',
      });
      expect(check('#check=error=true\n' + body, { buildArgs: { BUILDKIT_DOCKERFILE_CHECK: 'skip=all' } })).toEqual({ warnings: [] });
      expect(check(body, { buildArgs: { BUILDKIT_DOCKERFILE_CHECK: 'nope' } }).error).toBe(
        'failed to parse build-arg:BUILDKIT_DOCKERFILE_CHECK: invalid check option "nope"',
      );
    });
  });

  it('testCopyIgnoredFiles: a local COPY/ADD source the .dockerignore excludes', () => {
    const ignore = ignoreMatcher('\nDockerfile\n')!;
    const dockerfile = '\nFROM scratch\nCOPY Dockerfile .\nADD Dockerfile /windy\n';
    expect(check(dockerfile, { ignore }).warnings).toEqual([
      'CopyIgnoredFile: Attempting to Copy file "Dockerfile" that is excluded by .dockerignore (line 3)',
      'CopyIgnoredFile: Attempting to Add file "Dockerfile" that is excluded by .dockerignore (line 4)',
    ]);
    expect(check('# check=skip=CopyIgnoredFile\n' + dockerfile, { ignore }).warnings).toEqual([]);
    // a COPY --from a stage is not read from the context
    const fromStage = '\nFROM scratch AS base\nCOPY Dockerfile /foobar\nADD Dockerfile /windy\n\nFROM base\nCOPY --from=base /foobar /Dockerfile\n';
    expect(check(fromStage, { ignore: ignoreMatcher('\nfoobar\n')! }).warnings).toEqual([]);
    // a .dockerignore with exclusions (!) is not checked at all
    const negated = ignoreMatcher('\n**\n!Dockerfile\n')!;
    expect(check('\nFROM scratch\nCOPY ./Dockerfile .\n', { ignore: negated }).warnings).toEqual([]);
    expect(check('\nFROM scratch\nCOPY . .\n\t', { ignore: negated }).warnings).toEqual([]);
  });

  it('testCopyIgnoredFileContextRoot: COPY . . is reported only when every root entry is excluded', () => {
    const dockerfile = '\nFROM scratch\nCOPY . .\n';
    expect(check(dockerfile, { ignore: ignoreMatcher('\n.*\n')! }).warnings).toEqual([]);
    expect(check(dockerfile, { ignore: ignoreMatcher('\n*\n')! }).warnings).toEqual([
      'CopyIgnoredFile: Attempting to Copy file "." that is excluded by .dockerignore (line 3)',
    ]);
  });

  it('testWarningsBeforeError: the warnings of the lines above a parse error are still reported', () => {
    expect(check('\nFROM scratch AS BadStageName\nMAINTAINER me@example.org\nBADCMD\n')).toEqual({
      warnings: [
        "StageNameCasing: Stage name 'BadStageName' should be lowercase (line 2)",
        'MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label (line 3)',
      ],
      error: 'dockerfile parse error on line 4: unknown instruction: BADCMD',
    });
  });
});
