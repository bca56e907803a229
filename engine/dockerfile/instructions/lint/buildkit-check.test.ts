/**
 * Cases from BuildKit's lint tests (moby/buildkit frontend/dockerfile/dockerfile_check_test.go),
 * written here as tables: each names the Go test function it follows. Warnings are compared
 * as BuildKit's helper compares them: sorted by line, then by detail.
 */
import { describe, expect, it } from 'vitest';
import { loadDockerfile, warningsOf, type LoadOptions } from '../../../frontend/index.ts';
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

/** `Rule: detail (line N)` for the warnings of a build of the default target (reachable stages only). */
function build(text: string, opts: LoadOptions = {}): { warnings: string[]; error?: string } {
  return check(text, { ...opts, allStages: false });
}

const w = {
  undefinedVar: (v: string, line: number, hint = '') => `UndefinedVar: Usage of undefined variable '$${v}'${hint ? ` (did you mean $${hint}?)` : ''} (line ${line})`,
  fromAs: (as: string, from: string, line: number) => `FromAsCasing: '${as}' and '${from}' keywords' casing do not match (line ${line})`,
  casing: (cmd: string, c: 'uppercase' | 'lowercase', line: number) =>
    `ConsistentInstructionCasing: Command '${cmd}' should match the case of the command majority (${c}) (line ${line})`,
  json: (i: string, line: number) => `JSONArgsRecommended: JSON arguments recommended for ${i} to prevent unintended behavior related to OS signals (line ${line})`,
  multiple: (i: string, line: number) =>
    `MultipleInstructionsDisallowed: Multiple ${i} instructions should not be used in the same stage because only the last one will be used (line ${line})`,
  legacy: (i: string, line: number) => `LegacyKeyValueFormat: "${i} key=value" should be used instead of legacy "${i} key value" format (line ${line})`,
  maintainer: (line: number) => `MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label (line ${line})`,
  undefinedArg: (a: string, line: number, hint = '') => `UndefinedArgInFrom: FROM argument '${a}' is not declared${hint ? ` (did you mean ${hint}?)` : ''} (line ${line})`,
  redundant: (p: string, line: number) => `RedundantTargetPlatform: Setting platform to predefined ${p} in FROM is redundant as this is the default behavior (line ${line})`,
  invalidDefault: (base: string, line: number) => `InvalidDefaultArgInFrom: Default value for ARG ${base} results in empty or invalid base image name (line ${line})`,
};

/**
 * One case of BuildKit's `checkLinterWarnings`: `warnings` are what a build reports
 * (its progress stream: the stages the target needs), `unmarshal` what `--check`
 * reports (every stage) when it differs; `error` is the failure both give.
 */
interface LintCase {
  readonly name: string;
  readonly dockerfile: string;
  readonly warnings: readonly string[];
  readonly unmarshal?: readonly string[];
  readonly error?: string;
  readonly buildArgs?: Readonly<Record<string, string>>;
}

const CASES: readonly LintCase[] = [
  {
    name: 'testAllTargetUnmarshal: a build lints the target stage, --check every stage',
    dockerfile: '\nFROM scratch AS first\nCOPY $foo .\n\nFROM scratch AS second\nCOPY $bar .\n',
    warnings: [w.undefinedVar('bar', 6)],
    unmarshal: [w.undefinedVar('foo', 3), w.undefinedVar('bar', 6)],
  },
  {
    name: 'testStageName: StageNameCasing and FromAsCasing (FROM upper)',
    dockerfile:
      "\n# warning: stage name should be lowercase\n#\nFROM scratch AS BadStageName\n\n# warning: 'as' should match 'FROM' cmd casing.\n#\nFROM scratch as base2\n\nFROM scratch AS base3\n",
    warnings: ["StageNameCasing: Stage name 'BadStageName' should be lowercase (line 4)", w.fromAs('as', 'FROM', 8)],
  },
  {
    name: 'testStageName: FromAsCasing (from lower)',
    dockerfile: "\n# warning: 'AS' should match 'from' cmd casing.\n#\nfrom scratch AS base\n\nfrom scratch as base2\n",
    warnings: [w.fromAs('AS', 'from', 4)],
  },
  {
    name: 'testNoEmptyContinuation',
    dockerfile: '\nFROM scratch\n# warning: empty continuation line\nCOPY Dockerfile \\\n\n.\nCOPY Dockerfile \\\n.\n',
    warnings: ['NoEmptyContinuation: Empty continuation line (line 6)'],
  },
  ...(
    [
      ["\n# warning: 'FROM' should be either lowercased or uppercased\n#\nFrom scratch as base\nFROM scratch AS base2\n", [w.casing('From', 'uppercase', 4)]],
      ["\nFROM scratch\n# warning: 'copy' should match command majority's casing (uppercase)\ncopy Dockerfile /foo\nCOPY Dockerfile /bar\n", [w.casing('copy', 'uppercase', 4)]],
      ["\n# warning: 'frOM' should be either lowercased or uppercased\n#\nfrOM scratch as base\nfrom scratch as base2\n", [w.casing('frOM', 'lowercase', 4)]],
      ["\nfrom scratch\n# warning: 'COPY' should match command majority's casing (lowercase)\nCOPY Dockerfile /foo\ncopy Dockerfile /bar\n", [w.casing('COPY', 'lowercase', 4)]],
      ["\n# warning: 'from' should match command majority's casing (uppercase)\n#\nfrom scratch\nCOPY Dockerfile /foo\nCOPY Dockerfile /bar\nCOPY Dockerfile /baz\n", [w.casing('from', 'uppercase', 4)]],
      ["\n# warning: 'FROM' should match command majority's casing (lowercase)\n#\nFROM scratch\ncopy Dockerfile /foo\ncopy Dockerfile /bar\ncopy Dockerfile /baz\n", [w.casing('FROM', 'lowercase', 4)]],
      ['\nfrom scratch\ncopy Dockerfile /foo\ncopy Dockerfile /bar\n', []],
      ['\nFROM scratch\nCOPY Dockerfile /foo\nCOPY Dockerfile /bar\n', []],
      ["\nFROM alpine\nRUN <<'EOT'\nenv\nEOT\n", []],
    ] as const
  ).map(([dockerfile, warnings], i) => ({ name: `testConsistentInstructionCasing #${i + 1}`, dockerfile, warnings })),
  {
    name: 'testDuplicateStageName',
    dockerfile: '\nFROM scratch AS b\nFROM scratch AS b\n',
    warnings: ['DuplicateStageName: Duplicate stage name "b", stage names should be unique (line 3)'],
  },
  { name: 'testDuplicateStageName: distinct names', dockerfile: '\nFROM scratch AS b1\nFROM scratch AS b2\n', warnings: [] },
  {
    name: 'testReservedStageName',
    dockerfile: '\nFROM scratch AS scratch\nFROM scratch AS context\n',
    warnings: [
      'ReservedStageName: Stage name should not use the same name as reserved stage "scratch" (line 2)',
      'ReservedStageName: Stage name should not use the same name as reserved stage "context" (line 3)',
    ],
  },
  { name: 'testReservedStageName: a reserved base, no name', dockerfile: '\nFROM scratch\nFROM scratch AS a\n', warnings: [] },
  { name: 'testJSONArgsRecommended: CMD', dockerfile: '\nFROM scratch\nCMD mycommand\n', warnings: [w.json('CMD', 3)] },
  { name: 'testJSONArgsRecommended: ENTRYPOINT', dockerfile: '\nFROM scratch\nENTRYPOINT mycommand\n', warnings: [w.json('ENTRYPOINT', 3)] },
  { name: 'testJSONArgsRecommended: SHELL, CMD', dockerfile: '\nFROM scratch\nSHELL ["/usr/bin/customshell"]\nCMD mycommand\n', warnings: [] },
  { name: 'testJSONArgsRecommended: SHELL, ENTRYPOINT', dockerfile: '\nFROM scratch\nSHELL ["/usr/bin/customshell"]\nENTRYPOINT mycommand\n', warnings: [] },
  {
    name: 'testJSONArgsRecommended: SHELL in the base stage, CMD',
    dockerfile: '\nFROM scratch AS base\nSHELL ["/usr/bin/customshell"]\n\nFROM base\nCMD mycommand\n',
    warnings: [],
  },
  {
    name: 'testJSONArgsRecommended: SHELL in the base stage, ENTRYPOINT',
    dockerfile: '\nFROM scratch AS base\nSHELL ["/usr/bin/customshell"]\n\nFROM base\nENTRYPOINT mycommand\n',
    warnings: [],
  },
  { name: 'testMaintainerDeprecated', dockerfile: '\nFROM scratch\nMAINTAINER me@example.org\n', warnings: [w.maintainer(3)] },
  { name: 'testMaintainerDeprecated: a label instead', dockerfile: '\nFROM scratch\nLABEL org.opencontainers.image.authors="me@example.org"\n', warnings: [] },
  { name: 'testMaintainerDeprecated: skip JSONArgsRecommended for CMD', dockerfile: '\nFROM scratch\n# check=skip=JSONArgsRecommended\nCMD mycommand\n', warnings: [] },
  {
    name: 'testMaintainerDeprecated: skip JSONArgsRecommended for ENTRYPOINT',
    dockerfile: '\nFROM scratch\n# check=skip=JSONArgsRecommended\nENTRYPOINT mycommand\n',
    warnings: [],
  },
  { name: 'testMaintainerDeprecated: skip it', dockerfile: '\nFROM scratch\n# check=skip=MaintainerDeprecated\nMAINTAINER me@example.org\n', warnings: [] },
  ...(
    [
      '\nARG base=scratch\nFROM $base\nCOPY Dockerfile .\n',
      '\nARG BUILDPLATFORM=linux/amd64\nFROM --platform=$BUILDPLATFORM scratch\nCOPY Dockerfile .\n',
      '\nFROM --platform=$BUILDPLATFORM scratch\nCOPY Dockerfile .\n',
      '\nARG DEBUG\nFROM scratch${DEBUG}\nCOPY Dockerfile .\n',
      '\nARG DEBUG\nFROM scra${DEBUG:-tch}\nCOPY Dockerfile .\n',
      '\nARG DEBUG=""\nFROM scratch${DEBUG-@bogus}\nCOPY Dockerfile .\n',
    ] as const
  ).map((dockerfile, i) => ({ name: `testUndeclaredArg: declared #${i + 1}`, dockerfile, warnings: [] })),
  {
    name: 'testUndeclaredArg: a misspelt BUILDPLATFORM',
    dockerfile: '\nFROM --platform=$BULIDPLATFORM scratch\nCOPY Dockerfile .\n',
    warnings: [w.undefinedArg('BULIDPLATFORM', 2, 'BUILDPLATFORM')],
    error: 'empty platform value from expression $BULIDPLATFORM (did you mean BUILDPLATFORM?)',
  },
  {
    name: 'testUndeclaredArg: a misspelt arch',
    dockerfile: '\nARG MY_OS=linux\nARG MY_ARCH=amd64\nFROM --platform=linux/${MYARCH} busybox\nCOPY Dockerfile .\n\t',
    warnings: [w.undefinedArg('MYARCH', 4, 'MY_ARCH')],
    error:
      'failed to parse platform linux/${MYARCH}: "" is an invalid component of "linux/": platform specifier component must match "^[A-Za-z0-9_.-]+$": invalid argument (did you mean MY_ARCH?)',
  },
  {
    name: 'testUndeclaredArg: an undeclared tag part',
    dockerfile: '\nARG tag=latest\nFROM busybox:${tag}${version} AS b\nCOPY Dockerfile .\n',
    warnings: [w.undefinedArg('version', 3)],
  },
  {
    name: 'testWorkdirRelativePath',
    dockerfile: '\nFROM scratch\nWORKDIR app/\n',
    warnings: ['WorkdirRelativePath: Relative workdir "app/" can have unexpected results if the base image changes (line 3)'],
  },
  { name: 'testWorkdirRelativePath: absolute in the base stage', dockerfile: '\nFROM scratch AS a\nWORKDIR /app\n\nFROM a AS b\nWORKDIR subdir/\n', warnings: [] },
  { name: 'testWorkdirRelativePath: skipped', dockerfile: '\nFROM scratch\n# check=skip=WorkdirRelativePath\nWORKDIR app/\n', warnings: [] },
  { name: 'testUnmatchedVars: declared ARG without value', dockerfile: '\nFROM scratch\nARG foo\nCOPY Dockerfile${foo} .\n', warnings: [] },
  { name: 'testUnmatchedVars: ARG of the base stage', dockerfile: '\nFROM alpine AS base\nARG foo=Dockerfile\n\nFROM base\nCOPY $foo .\n', warnings: [] },
  { name: 'testUnmatchedVars: RUN is not checked', dockerfile: '\nFROM alpine\nRUN echo $PATH\n', warnings: [] },
  { name: 'testUnmatchedVars: used before its ARG', dockerfile: '\nFROM alpine\nCOPY $foo .\nARG foo=bar\nRUN echo $foo\n', warnings: [w.undefinedVar('foo', 3)] },
  {
    name: 'testUnmatchedVars: a suggestion',
    dockerfile: '\nFROM alpine\nARG DIR_BINARIES=binaries/\nARG DIR_ASSETS=assets/\nARG DIR_CONFIG=config/\nCOPY $DIR_ASSET .\n\t',
    warnings: [w.undefinedVar('DIR_ASSET', 6, 'DIR_ASSETS')],
  },
  { name: 'testUnmatchedVars: PATH suggested', dockerfile: '\nFROM alpine\nENV PATH=$PAHT:/tmp/bin\n\t\t', warnings: [w.undefinedVar('PAHT', 3, 'PATH')] },
  {
    name: 'testMultipleInstructionsDisallowed: the earlier one is reported',
    dockerfile:
      '\nFROM scratch\nENTRYPOINT ["/myapp"]\nENTRYPOINT ["/myotherapp"]\nCMD ["/myapp"]\nCMD ["/myotherapp"]\nHEALTHCHECK CMD ["/myapp"]\nHEALTHCHECK CMD ["/myotherapp"]\n',
    warnings: [w.multiple('ENTRYPOINT', 3), w.multiple('CMD', 5), w.multiple('HEALTHCHECK', 7)],
  },
  {
    name: 'testMultipleInstructionsDisallowed: with another instruction between',
    dockerfile:
      '\nFROM scratch\nENTRYPOINT ["/myapp"]\nCMD ["/myapp"]\nHEALTHCHECK CMD ["/myapp"]\nCOPY <<EOF /a.txt\nHello, World!\nEOF\nENTRYPOINT ["/myotherapp"]\nCMD ["/myotherapp"]\nHEALTHCHECK CMD ["/myotherapp"]\n',
    warnings: [w.multiple('ENTRYPOINT', 3), w.multiple('CMD', 4), w.multiple('HEALTHCHECK', 5)],
  },
  {
    name: 'testMultipleInstructionsDisallowed: in different stages',
    dockerfile:
      '\nFROM scratch AS a\nENTRYPOINT ["/myapp"]\nCMD ["/myapp"]\nHEALTHCHECK CMD ["/myapp"]\n\nFROM a AS b\nENTRYPOINT ["/myotherapp"]\nCMD ["/myotherapp"]\nHEALTHCHECK CMD ["/myotherapp"]\n',
    warnings: [],
  },
  { name: 'testLegacyKeyValueFormat', dockerfile: '\nFROM scratch\nENV testkey value\nLABEL key value\n', warnings: [w.legacy('ENV', 3), w.legacy('LABEL', 4)] },
  { name: 'testLegacyKeyValueFormat: key=value', dockerfile: '\nFROM scratch\nENV testkey=value\nLABEL key=value\n', warnings: [] },
  {
    name: 'testLegacyKeyValueFormat: only --check sees a stage the target does not need',
    dockerfile: '\nFROM scratch AS a\n\nFROM a AS b\nENV testkey value\nLABEL key value\n\nFROM a AS c\n',
    warnings: [],
    unmarshal: [w.legacy('ENV', 5), w.legacy('LABEL', 6)],
  },
  {
    name: 'testLegacyKeyValueFormat: skipped per instruction',
    dockerfile: '\nFROM scratch\n# check=skip=LegacyKeyValueFormat\nENV testkey value\n# check=skip=LegacyKeyValueFormat\nLABEL key value\n',
    warnings: [],
  },
  { name: 'testRedundantTargetPlatform: $TARGETPLATFORM', dockerfile: '\nFROM --platform=$TARGETPLATFORM scratch\n', warnings: [w.redundant('$TARGETPLATFORM', 2)] },
  { name: 'testRedundantTargetPlatform: ${TARGETPLATFORM}', dockerfile: '\nFROM --platform=${TARGETPLATFORM} scratch\n', warnings: [w.redundant('${TARGETPLATFORM}', 2)] },
  { name: 'testRedundantTargetPlatform: skipped', dockerfile: '\n# check=skip=RedundantTargetPlatform\nFROM --platform=$TARGETPLATFORM scratch\n', warnings: [] },
  {
    name: 'testInvalidDefaultArgInFrom: an empty default tag, even with the build arg given',
    dockerfile: '\nARG VERSION\nFROM busybox:$VERSION\n',
    buildArgs: { VERSION: 'latest' },
    warnings: [w.invalidDefault('busybox:$VERSION', 3)],
  },
  {
    name: 'testInvalidDefaultArgInFrom: an empty default image',
    dockerfile: '\nARG IMAGE\nFROM $IMAGE\n',
    buildArgs: { IMAGE: 'busybox:latest' },
    warnings: [w.invalidDefault('$IMAGE', 3)],
  },
  {
    name: 'testInvalidDefaultArgInFrom: a default that leaves a bare colon',
    dockerfile: '\nARG SFX="box:"\nFROM busy${SFX}\n',
    buildArgs: { SFX: 'box:latest' },
    warnings: [w.invalidDefault('busy${SFX}', 3)],
  },
  { name: 'testInvalidDefaultArgInFrom: a valid default', dockerfile: '\nARG VERSION="latest"\nFROM busybox:${VERSION}\n', buildArgs: { VERSION: 'latest' }, warnings: [] },
  {
    name: 'testInvalidDefaultArgInFrom: an empty suffix',
    dockerfile: '\nARG BUSYBOX_VARIANT=""\nFROM busybox:stable${BUSYBOX_VARIANT}\n',
    buildArgs: { BUSYBOX_VARIANT: '-musl' },
    warnings: [],
  },
  {
    name: 'testInvalidDefaultArgInFrom: an undefined suffix',
    dockerfile: '\n\tARG BUSYBOX_VARIANT\n\tFROM busybox:stable${BUSYBOX_VARIANT}\n\t',
    buildArgs: { BUSYBOX_VARIANT: '-musl' },
    warnings: [],
  },
];

describe('BuildKit lint tests: a build and --check', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const opts: LoadOptions = c.buildArgs ? { buildArgs: c.buildArgs } : {};
    const expected = (ws: readonly string[]) => ({ warnings: [...ws], ...(c.error ? { error: c.error } : {}) });
    const sorted = (ws: readonly string[]) => {
      const line = (s: string) => Number(/\(line (\d+)\)$/.exec(s)![1]);
      return [...ws].sort((a, b) => line(a) - line(b) || (a < b ? -1 : a > b ? 1 : 0));
    };
    expect(build(c.dockerfile, opts)).toEqual(expected(sorted(c.warnings)));
    expect(check(c.dockerfile, opts)).toEqual(expected(sorted(c.unmarshal ?? c.warnings)));
  });
});
