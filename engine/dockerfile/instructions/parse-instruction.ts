import { InstructionError } from '../../source/errors.ts';
import type { Node } from '../parser/node.ts';
import { INSTRUCTION_KEYS, instructionName, type InstructionName } from '../names.ts';
import type { Command, OnbuildCommand } from './commands.ts';
import { errAtLeastOneArgument, fault, InstructionFault } from './errors.ts';
import { parseAdd, parseCopy } from './parse-copy.ts';
import { parseFrom } from './parse-from.ts';
import { parseHealthcheck } from './parse-healthcheck.ts';
import { parseArg, parseEnv, parseLabel } from './parse-kv.ts';
import { parseCmd, parseEntrypoint, parseRun, parseShell } from './parse-run.ts';
import {
  parseExpose, parseMaintainer, parseStopSignal, parseUser, parseVolume, parseWorkdir,
} from './parse-simple.ts';
import { newRequest, type ParseRequest } from './request.ts';
import { withSuggestion } from './suggest.ts';

type Parser = (req: ParseRequest) => Command;

/** The table of instruction parsers (BuildKit's `ParseInstructionWithLinter` switch). */
const PARSERS: Record<InstructionName, Parser> = {
  ADD: parseAdd,
  ARG: parseArg,
  CMD: parseCmd,
  COPY: parseCopy,
  ENTRYPOINT: parseEntrypoint,
  ENV: parseEnv,
  EXPOSE: parseExpose,
  FROM: parseFrom,
  HEALTHCHECK: parseHealthcheck,
  LABEL: parseLabel,
  MAINTAINER: parseMaintainer,
  ONBUILD: parseOnbuild,
  RUN: parseRun,
  SHELL: parseShell,
  STOPSIGNAL: parseStopSignal,
  USER: parseUser,
  VOLUME: parseVolume,
  WORKDIR: parseWorkdir,
};

/** ONBUILD trigger: no chaining, no FROM/MAINTAINER; stored as raw text. */
function parseOnbuild(req: ParseRequest): OnbuildCommand {
  const inner = req.node.inner;
  if (!inner) throw errAtLeastOneArgument('ONBUILD');
  req.flags({});
  const trigger = inner.keyword.trim().toUpperCase();
  if (trigger === 'ONBUILD') throw fault('onbuild-chain', "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
  if (trigger === 'MAINTAINER' || trigger === 'FROM') {
    throw fault('onbuild-trigger', `${trigger} isn't allowed as an ONBUILD trigger`);
  }
  let parsed: Command | undefined;
  let triggerError: OnbuildCommand['triggerError'];
  // the parser attaches an ONBUILD line's heredocs to the ONBUILD node: they belong to the trigger
  const heredocs = req.node.heredocs;
  try {
    parsed = parseNode(inner.heredocs.length === 0 && heredocs.length > 0 ? { ...inner, heredocs } : inner);
  } catch (e) {
    // BuildKit only parses the trigger downstream
    triggerError = { code: e instanceof InstructionFault ? e.code : 'instruction', message: (e as Error).message };
  }
  return {
    kind: 'ONBUILD',
    ...req.base,
    // the image config's OnBuild entry carries the heredoc bodies after the line (`parseOnBuild`)
    expression: req.node.original.replace(/^\s*ONBUILD\s*/i, '') + heredocs.map((h) => `\n${h.content}${h.name}`).join(''),
    ...(parsed ? { trigger: parsed } : {}),
    ...(triggerError ? { triggerError } : {}),
  };
}

/** Node → Command, throwing plain `InstructionFault`s (no location). */
export function parseNode(node: Node): Command {
  const kind = instructionName(node.name);
  if (!kind) {
    throw fault('unknown-instruction', withSuggestion(`unknown instruction: ${node.keyword}`, node.keyword, INSTRUCTION_KEYS, false));
  }
  return PARSERS[kind](newRequest(node, kind));
}

/**
 * The one dispatch point of this layer: parse a node into a typed command, turning any
 * failure into an `InstructionError` with the node's range and BuildKit's
 * `dockerfile parse error on line N: ` prefix.
 */
export function parseInstruction(node: Node): Command {
  try {
    return parseNode(node);
  } catch (err) {
    const code = err instanceof InstructionFault ? err.code : 'instruction';
    const message = err instanceof Error ? err.message : String(err);
    throw new InstructionError(code, `dockerfile parse error on line ${node.range.start.line}: ${message}`, [node.range], {
      line: node.range.start.line,
      detail: message,
    });
  }
}
