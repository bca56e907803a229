/**
 * Dockerfile instruction names: the single source of truth (BuildKit's
 * `frontend/dockerfile/command/command.go`). Keys are the canonical upper-case names;
 * values are the lower-case keys the parser stores in `Node.name`.
 */
export const INSTRUCTIONS = {
  ADD: 'add',
  ARG: 'arg',
  CMD: 'cmd',
  COPY: 'copy',
  ENTRYPOINT: 'entrypoint',
  ENV: 'env',
  EXPOSE: 'expose',
  FROM: 'from',
  HEALTHCHECK: 'healthcheck',
  LABEL: 'label',
  MAINTAINER: 'maintainer',
  ONBUILD: 'onbuild',
  RUN: 'run',
  SHELL: 'shell',
  STOPSIGNAL: 'stopsignal',
  USER: 'user',
  VOLUME: 'volume',
  WORKDIR: 'workdir',
} as const;

/** A canonical instruction name, e.g. `COPY`. */
export type InstructionName = keyof typeof INSTRUCTIONS;

/** Lower-case instruction keys, in table order (used for `did you mean` suggestions). */
export const INSTRUCTION_KEYS: readonly string[] = Object.values(INSTRUCTIONS);

/** The canonical name for a lower-case key, or undefined for an unknown instruction. */
export function instructionName(key: string): InstructionName | undefined {
  const upper = key.toUpperCase();
  return Object.prototype.hasOwnProperty.call(INSTRUCTIONS, upper) && INSTRUCTIONS[upper as InstructionName] === key
    ? (upper as InstructionName)
    : undefined;
}

/** Instructions that may carry heredocs (directly, or wrapped in ONBUILD). */
export const HEREDOC_INSTRUCTIONS: ReadonlySet<InstructionName> = new Set(['RUN', 'COPY', 'ADD']);
