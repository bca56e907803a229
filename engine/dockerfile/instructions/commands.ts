import type { Range } from '../../source/range.ts';
import type { InstructionName } from '../names.ts';
import type { Mount } from './runmount.ts';

/** What every typed instruction carries (BuildKit's `withNameAndCode` + location). */
export interface CommandBase {
  /** Canonical instruction name: the discriminant. */
  readonly kind: InstructionName;
  /** Keyword as written (`from`, `Copy`), for casing lints and messages. */
  readonly keyword: string;
  /** The instruction text with continuations joined (BuildKit `Original`). */
  readonly original: string;
  /** Where the instruction is in the Dockerfile. */
  readonly range: Range;
  /** Comment lines directly above the instruction. */
  readonly comments: readonly string[];
}

/** A key/value pair of ENV or LABEL, raw (quotes kept until expansion). */
export interface KeyValue {
  readonly key: string;
  readonly value: string;
}

/** An ARG entry: `name` or `name=default` (default raw, undefined when absent). */
export interface ArgPair {
  readonly key: string;
  readonly value?: string;
}

/** Exec (JSON) or shell form of RUN/CMD/ENTRYPOINT. */
export interface CmdLine {
  /** Exec form: the array verbatim; shell form: a single element, the raw text. */
  readonly cmdLine: readonly string[];
  /** True for shell form: the current SHELL is prepended at dispatch. */
  readonly prependShell: boolean;
}

export interface FromCommand extends CommandBase {
  readonly kind: 'FROM';
  /** The image or stage reference as written, before expansion. */
  readonly baseName: string;
  /** Stage name lower-cased, undefined for an unnamed stage. */
  readonly stageName?: string;
  /** Stage name as written (for StageNameCasing). */
  readonly stageNameWritten?: string;
  /** The `AS` word as written (for FromAsCasing). */
  readonly asKeyword?: string;
  /** `--platform` raw value. */
  readonly platform?: string;
}

export interface RunCommand extends CommandBase, CmdLine {
  readonly kind: 'RUN';
  /** Raw `--mount` values, in order. */
  readonly mountSpecs: readonly string[];
  /**
   * Parsed mounts (values unexpanded). Undefined for a spec containing `$`: it is only
   * fully validated after expansion (`expandCommand`), as BuildKit does.
   */
  readonly mounts: readonly (Mount | undefined)[];
  /** `--network` value (`default`, `none`, `host`), undefined when not given. */
  readonly network?: 'default' | 'none' | 'host';
  /** `--security` value (`sandbox`, `insecure`), undefined when not given. */
  readonly security?: 'sandbox' | 'insecure';
  /** `--device` values (only honoured by the labs build). */
  readonly devices: readonly string[];
  /** Heredocs attached to the line, in order. */
  readonly files: readonly InlineFile[];
}

export interface CmdCommand extends CommandBase, CmdLine {
  readonly kind: 'CMD';
}

export interface EntrypointCommand extends CommandBase {
  readonly kind: 'ENTRYPOINT';
  /** Null for `ENTRYPOINT []` (unset). */
  readonly cmdLine: readonly string[] | null;
  readonly prependShell: boolean;
}

export interface ShellCommand extends CommandBase {
  readonly kind: 'SHELL';
  readonly shell: readonly string[];
}

export interface EnvCommand extends CommandBase {
  readonly kind: 'ENV';
  readonly env: readonly KeyValue[];
  /** True when written as legacy `ENV key value` (lint LegacyKeyValueFormat). */
  readonly legacy: boolean;
}

export interface LabelCommand extends CommandBase {
  readonly kind: 'LABEL';
  readonly labels: readonly KeyValue[];
  readonly legacy: boolean;
}

export interface ArgCommand extends CommandBase {
  readonly kind: 'ARG';
  readonly args: readonly ArgPair[];
}

/** A heredoc body as a command sees it (BuildKit `SourceContent` / `ShellInlineFile`). */
export interface InlineFile {
  /** Terminator word, used as the file name for COPY/ADD. */
  readonly name: string;
  /** Body with every line's newline kept; leading tabs removed for `<<-`. */
  readonly data: string;
  /** False when the terminator was quoted: no variable expansion. */
  readonly expand: boolean;
  /** True for `<<-`. */
  readonly chomp: boolean;
  /** Digits before `<<` (`3<<EOF`), 0 when absent. */
  readonly fileDescriptor: number;
}

/** Sources and destination of COPY/ADD (raw). */
export interface SourcesAndDest {
  /** Paths/URLs, excluding heredoc sources. */
  readonly sourcePaths: readonly string[];
  /** Heredoc sources (`COPY <<EOF dest`), in order. */
  readonly sourceContents: readonly InlineFile[];
  readonly destPath: string;
}

export interface CopyCommand extends CommandBase, SourcesAndDest {
  readonly kind: 'COPY';
  /** `--from` value as written; never expanded. */
  readonly from?: string;
  readonly chown?: string;
  readonly chmod?: string;
  readonly link: boolean;
  readonly parents: boolean;
  readonly exclude: readonly string[];
}

export interface AddCommand extends CommandBase, SourcesAndDest {
  readonly kind: 'ADD';
  readonly chown?: string;
  readonly chmod?: string;
  readonly link: boolean;
  readonly keepGitDir: boolean;
  readonly checksum?: string;
  /** `--unpack` when given; undefined = default (unpack local archives only). */
  readonly unpack?: boolean;
  readonly exclude: readonly string[];
}

export interface ExposeCommand extends CommandBase {
  readonly kind: 'EXPOSE';
  /** Port specs as written (raw, expanded with word splitting later). */
  readonly ports: readonly string[];
}

export interface VolumeCommand extends CommandBase {
  readonly kind: 'VOLUME';
  readonly volumes: readonly string[];
}

export interface UserCommand extends CommandBase {
  readonly kind: 'USER';
  readonly user: string;
}

export interface WorkdirCommand extends CommandBase {
  readonly kind: 'WORKDIR';
  readonly path: string;
}

export interface StopSignalCommand extends CommandBase {
  readonly kind: 'STOPSIGNAL';
  readonly signal: string;
}

export interface MaintainerCommand extends CommandBase {
  readonly kind: 'MAINTAINER';
  readonly maintainer: string;
}

export interface OnbuildCommand extends CommandBase {
  readonly kind: 'ONBUILD';
  /** The trigger text without the `ONBUILD` keyword (stored in config `OnBuild`). */
  readonly expression: string;
  /**
   * The trigger parsed now when it parses cleanly; BuildKit only parses it downstream,
   * so a bad trigger is not an error here (undefined).
   */
  readonly trigger?: Command;
  /** Why the trigger does not parse (code and unprefixed message), raised downstream. */
  readonly triggerError?: { readonly code: string; readonly message: string };
}

/** Docker's health config; durations in nanoseconds, 0 = default. */
export interface HealthConfig {
  /** `["NONE"]`, `["CMD", ...args]` or `["CMD-SHELL", text]`. */
  readonly test: readonly string[];
  readonly interval: number;
  readonly timeout: number;
  readonly startPeriod: number;
  readonly startInterval: number;
  readonly retries: number;
}

export interface HealthcheckCommand extends CommandBase {
  readonly kind: 'HEALTHCHECK';
  readonly health: HealthConfig;
}

/** A typed Dockerfile instruction, discriminated on `kind`. */
export type Command =
  | FromCommand
  | RunCommand
  | CmdCommand
  | LabelCommand
  | ExposeCommand
  | EnvCommand
  | AddCommand
  | CopyCommand
  | EntrypointCommand
  | VolumeCommand
  | UserCommand
  | WorkdirCommand
  | ArgCommand
  | OnbuildCommand
  | StopSignalCommand
  | HealthcheckCommand
  | ShellCommand
  | MaintainerCommand;

/** The member of `Command` with the given kind. */
export type CommandOf<K extends InstructionName> = Extract<Command, { kind: K }>;
