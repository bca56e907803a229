/** Test helpers: a Dockerfile text as stages, the command of one line, the error a text throws. */
import { parse } from '../parser/index.ts';
import type { EngineError } from '../../source/errors.ts';
import type { Command } from './commands.ts';
import { parseStages, type ParsedStages } from './stages.ts';

/** Parse a Dockerfile text into stages (test helper). */
export function stagesOf(text: string): ParsedStages {
  return parseStages(parse(text));
}

/** The last command of the last stage of `FROM scratch\n<line>`. */
export function commandOf(line: string): Command {
  const { stages } = stagesOf(`FROM scratch\n${line}\n`);
  const cmds = stages[stages.length - 1]!.commands;
  return cmds[cmds.length - 1]!;
}

/** The error thrown while loading `text` into stages; fails when nothing is thrown. */
export function errorOf(text: string): EngineError {
  try {
    stagesOf(text);
  } catch (e) {
    return e as EngineError;
  }
  throw new Error(`expected an error for ${JSON.stringify(text)}`);
}
