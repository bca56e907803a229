/**
 * BuildKit's lint rules as data (`frontend/dockerfile/linter/ruleset.go`): name,
 * description, documentation URL and the message format, word for word.
 */

/** One lint rule; `format` builds the message shown under `WARNING: <name> - <url>`. */
export interface LintRule<A extends unknown[] = never[]> {
  readonly name: string;
  readonly description: string;
  readonly url: string;
  readonly format: (...args: A) => string;
  /** Experimental rules run only when enabled by `# check=experimental=...`. */
  readonly experimental?: boolean;
}

const url = (slug: string): string => `https://docs.docker.com/go/dockerfile/rule/${slug}/`;
const didYouMean = (s: string, prefix = ''): string => (s ? ` (did you mean ${prefix}${s}?)` : '');

/** The rules stageplay implements, keyed by name. */
export const RULES = {
  StageNameCasing: {
    name: 'StageNameCasing',
    description: 'Stage names should be lowercase',
    url: url('stage-name-casing'),
    format: (stageName: string) => `Stage name '${stageName}' should be lowercase`,
  } as LintRule<[string]>,
  FromAsCasing: {
    name: 'FromAsCasing',
    description: "The 'as' keyword should match the case of the 'from' keyword",
    url: url('from-as-casing'),
    format: (from: string, as: string) => `'${as}' and '${from}' keywords' casing do not match`,
  } as LintRule<[string, string]>,
  NoEmptyContinuation: {
    name: 'NoEmptyContinuation',
    description: 'Empty continuation lines will become errors in a future release',
    url: url('no-empty-continuation'),
    format: () => 'Empty continuation line',
  } as LintRule<[]>,
  ConsistentInstructionCasing: {
    name: 'ConsistentInstructionCasing',
    description: 'All commands within the Dockerfile should use the same casing (either upper or lower)',
    url: url('consistent-instruction-casing'),
    format: (violating: string, correct: string) =>
      `Command '${violating}' should match the case of the command majority (${correct})`,
  } as LintRule<[string, string]>,
  DuplicateStageName: {
    name: 'DuplicateStageName',
    description: 'Stage names should be unique',
    url: url('duplicate-stage-name'),
    format: (stageName: string) => `Duplicate stage name ${JSON.stringify(stageName)}, stage names should be unique`,
  } as LintRule<[string]>,
  ReservedStageName: {
    name: 'ReservedStageName',
    description: 'Reserved words should not be used as stage names',
    url: url('reserved-stage-name'),
    format: (reserved: string) => `Stage name should not use the same name as reserved stage ${JSON.stringify(reserved)}`,
  } as LintRule<[string]>,
  JSONArgsRecommended: {
    name: 'JSONArgsRecommended',
    description: 'JSON arguments recommended for ENTRYPOINT/CMD to prevent unintended behavior related to OS signals',
    url: url('json-args-recommended'),
    format: (instruction: string) =>
      `JSON arguments recommended for ${instruction} to prevent unintended behavior related to OS signals`,
  } as LintRule<[string]>,
  MaintainerDeprecated: {
    name: 'MaintainerDeprecated',
    description: 'The MAINTAINER instruction is deprecated, use a label instead to define an image author',
    url: url('maintainer-deprecated'),
    format: () => 'Maintainer instruction is deprecated in favor of using label',
  } as LintRule<[]>,
  UndefinedArgInFrom: {
    name: 'UndefinedArgInFrom',
    description: 'FROM command must use declared ARGs',
    url: url('undefined-arg-in-from'),
    format: (arg: string, suggest: string) => `FROM argument '${arg}' is not declared${didYouMean(suggest)}`,
  } as LintRule<[string, string]>,
  WorkdirRelativePath: {
    name: 'WorkdirRelativePath',
    description:
      'Relative workdir without an absolute workdir declared within the build can have unexpected results if the base image changes',
    url: url('workdir-relative-path'),
    format: (workdir: string) => `Relative workdir ${JSON.stringify(workdir)} can have unexpected results if the base image changes`,
  } as LintRule<[string]>,
  UndefinedVar: {
    name: 'UndefinedVar',
    description: 'Variables should be defined before their use',
    url: url('undefined-var'),
    format: (arg: string, suggest: string) => `Usage of undefined variable '$${arg}'${didYouMean(suggest, '$')}`,
  } as LintRule<[string, string]>,
  MultipleInstructionsDisallowed: {
    name: 'MultipleInstructionsDisallowed',
    description: 'Multiple instructions of the same type should not be used in the same stage',
    url: url('multiple-instructions-disallowed'),
    format: (instruction: string) =>
      `Multiple ${instruction} instructions should not be used in the same stage because only the last one will be used`,
  } as LintRule<[string]>,
  LegacyKeyValueFormat: {
    name: 'LegacyKeyValueFormat',
    description: 'Legacy key/value format with whitespace separator should not be used',
    url: url('legacy-key-value-format'),
    format: (cmd: string) => `"${cmd} key=value" should be used instead of legacy "${cmd} key value" format`,
  } as LintRule<[string]>,
  RedundantTargetPlatform: {
    name: 'RedundantTargetPlatform',
    description: 'Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior',
    url: url('redundant-target-platform'),
    format: (platformVar: string) =>
      `Setting platform to predefined ${platformVar} in FROM is redundant as this is the default behavior`,
  } as LintRule<[string]>,
  FromPlatformFlagConstDisallowed: {
    name: 'FromPlatformFlagConstDisallowed',
    description: 'FROM --platform flag should not use a constant value',
    url: url('from-platform-flag-const-disallowed'),
    format: (platform: string) => `FROM --platform flag should not use constant value ${JSON.stringify(platform)}`,
  } as LintRule<[string]>,
  SecretsUsedInArgOrEnv: {
    name: 'SecretsUsedInArgOrEnv',
    description: 'Sensitive data should not be used in the ARG or ENV commands',
    url: url('secrets-used-in-arg-or-env'),
    format: (instruction: string, key: string) =>
      `Do not use ARG or ENV instructions for sensitive data (${instruction} ${JSON.stringify(key)})`,
  } as LintRule<[string, string]>,
  InvalidDefaultArgInFrom: {
    name: 'InvalidDefaultArgInFrom',
    description: 'Default value for global ARG results in an empty or invalid base image name',
    url: url('invalid-default-arg-in-from'),
    format: (baseName: string) => `Default value for ARG ${baseName} results in empty or invalid base image name`,
  } as LintRule<[string]>,
  ExposeProtoCasing: {
    name: 'ExposeProtoCasing',
    description: 'Protocol in EXPOSE instruction should be lowercase',
    url: url('expose-proto-casing'),
    format: (port: string) => `Defined protocol '${port}' in EXPOSE instruction should be lowercase`,
  } as LintRule<[string]>,
  ExposeInvalidFormat: {
    name: 'ExposeInvalidFormat',
    description:
      'IP address and host-port mapping should not be used in EXPOSE instruction. This will become an error in a future release',
    url: url('expose-invalid-format'),
    format: (port: string) => `EXPOSE instruction should not define an IP address or host-port mapping, found '${port}'`,
  } as LintRule<[string]>,
  CopyIgnoredFile: {
    name: 'CopyIgnoredFile',
    description: 'Attempting to Copy file that is excluded by .dockerignore',
    url: url('copy-ignored-file'),
    format: (cmd: string, file: string) => `Attempting to ${cmd} file ${JSON.stringify(file)} that is excluded by .dockerignore`,
  } as LintRule<[string, string]>,
  InvalidDefinitionDescription: {
    name: 'InvalidDefinitionDescription',
    description:
      'Comment for build stage or argument should follow the format: `# <arg/stage name> <description>`. If this is not intended to be a description comment, add an empty line or comment between the instruction and the comment.',
    url: url('invalid-definition-description'),
    format: (instruction: string, defName: string) => `Comment for ${instruction} should follow the format: \`# ${defName} <description>\``,
    experimental: true,
  } as LintRule<[string, string]>,
} as const;

/** Every rule name, for `# check=skip=` validation and docs. */
export const RULE_NAMES: readonly string[] = Object.values(RULES).map((r) => r.name);
