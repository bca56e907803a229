import { InstructionError } from '../../source/errors.ts';
import type { Range } from '../../source/range.ts';
import type { ParseResult } from '../parser/node.ts';
import type { ArgCommand, Command, FromCommand } from './commands.ts';
import { parseInstruction } from './parse-instruction.ts';

/** A build stage: one FROM and the commands up to the next FROM (BuildKit `instructions.Stage`). */
export interface Stage {
  /** 0-based position among all FROMs of the file. */
  readonly index: number;
  /** Lower-cased stage name, undefined when unnamed. */
  readonly name?: string;
  /** Base reference as written (before expansion), e.g. `golang:${GO_VERSION}-alpine`. */
  readonly baseName: string;
  /** `--platform` raw value when given. */
  readonly platform?: string;
  /** The FROM instruction itself. */
  readonly from: FromCommand;
  /** Commands after FROM, in file order. */
  readonly commands: readonly Command[];
  /** From the FROM keyword to the end of the stage's last instruction. */
  readonly range: Range;
  /** Comment lines directly above FROM. */
  readonly docComment: readonly string[];
  /** `# <name> <description>` text for `--call=targets` (BuildKit `getComment`), or ''. */
  readonly description: string;
}

/** Stages plus the global (meta) ARGs declared before the first FROM. */
export interface ParsedStages {
  readonly stages: readonly Stage[];
  readonly metaArgs: readonly ArgCommand[];
}

/** The comment line starting with `<name> `, trimmed after the name (BuildKit `getComment`). */
export function docDescription(comments: readonly string[], name: string | undefined): string {
  if (!name) return '';
  for (const line of comments) {
    if (line.startsWith(`${name} `)) return line.slice(name.length + 1).trim();
  }
  return '';
}

/** Display name of a stage: its name or `stage-<index>`. */
export function stageDisplayName(stage: Pick<Stage, 'name' | 'index'>): string {
  return stage.name ?? `stage-${stage.index}`;
}

interface StageBuilder {
  from: FromCommand;
  index: number;
  commands: Command[];
}

/**
 * Stages one Dockerfile may have. BuildKit has no limit of its own; ours bounds the time a
 * build's scheduling takes (a FROM chain of 500 stages, each with a RUN, builds in ~20 s on
 * two stage workers; real Dockerfiles have tens).
 */
export const MAX_STAGES = 500;

/**
 * Turn parsed nodes into stages (BuildKit `instructions.Parse`). Throws `InstructionError`:
 * prefixed `dockerfile parse error on line N: ...` for a bad instruction, and the bare
 * `no build stage in current context` for a non-ARG instruction before the first FROM.
 * Before it throws, `onPartial` gets the stages parsed so far (BuildKit lints each
 * instruction as it parses it, so the warnings of the lines above an error are reported).
 */
export function parseStages(ast: ParseResult, onPartial?: (partial: ParsedStages) => void): ParsedStages {
  const builders: StageBuilder[] = [];
  const metaArgs: ArgCommand[] = [];
  try {
    for (const node of ast.nodes) {
      const cmd = parseInstruction(node);
      if (cmd.kind === 'FROM') {
        if (builders.length === MAX_STAGES) {
          throw new InstructionError('too-many-stages', `dockerfile has more than ${MAX_STAGES} stages (stageplay's limit)`, [node.range]);
        }
        builders.push({ from: cmd, index: builders.length, commands: [] });
        continue;
      }
      const current = builders[builders.length - 1];
      if (!current) {
        if (cmd.kind === 'ARG') {
          metaArgs.push(cmd);
          continue;
        }
        throw new InstructionError('no-build-stage', 'no build stage in current context', [node.range]);
      }
      current.commands.push(cmd);
    }
  } catch (err) {
    onPartial?.({ stages: builders.map(toStage), metaArgs });
    throw err;
  }
  return { stages: builders.map(toStage), metaArgs };
}

function toStage(b: StageBuilder): Stage {
  const last = b.commands[b.commands.length - 1] ?? b.from;
  const name = b.from.stageName;
  return {
    index: b.index,
    ...(name !== undefined ? { name } : {}),
    baseName: b.from.baseName,
    ...(b.from.platform !== undefined ? { platform: b.from.platform } : {}),
    from: b.from,
    commands: b.commands,
    range: { start: b.from.range.start, end: last.range.end },
    docComment: b.from.comments,
    description: docDescription(b.from.comments, name),
  };
}
