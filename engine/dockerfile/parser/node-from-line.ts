import {
  parseEnv,
  parseHealthConfig,
  parseIgnore,
  parseLabel,
  parseMaybeJSON,
  parseMaybeJSONToList,
  parseNameOrNameVal,
  parseString,
  parseStringsWhitespaceDelimited,
  type LineParser,
} from './line-parsers.ts';
import { splitCommand } from './split-command.ts';

/** A node before the parse loop adds lines, comments and heredocs. */
export interface LineNode {
  /** Keyword lower-cased. */
  readonly name: string;
  /** Keyword as written. */
  readonly keyword: string;
  readonly args: string[];
  readonly flags: string[];
  readonly json: boolean;
  /** ONBUILD only: the trigger instruction. */
  readonly inner?: LineNode;
  /** The joined instruction text. */
  readonly original: string;
}

/** BuildKit's dispatch table (`parser.go` `init()`); ONBUILD is handled in newNodeFromLine. */
const DISPATCH: Readonly<Record<string, LineParser>> = {
  add: parseMaybeJSONToList,
  arg: parseNameOrNameVal,
  cmd: parseMaybeJSON,
  copy: parseMaybeJSONToList,
  entrypoint: parseMaybeJSON,
  env: parseEnv,
  expose: parseStringsWhitespaceDelimited,
  from: parseStringsWhitespaceDelimited,
  healthcheck: parseHealthConfig,
  label: parseLabel,
  maintainer: parseString,
  run: parseMaybeJSON,
  shell: parseMaybeJSON,
  stopsignal: parseString,
  user: parseString,
  volume: parseMaybeJSONToList,
  workdir: parseString,
};

/** Instructions that may carry heredocs (`heredocDirectives`). */
const HEREDOC_INSTRUCTIONS = new Set(['add', 'copy', 'run']);

/**
 * BuildKit's `newNodeFromLine`: split off keyword and flags, then shape the arguments with
 * the instruction's line parser. ONBUILD parses its remainder as a nested instruction
 * (`parseSubCommand`). Throws ParseError (without range) on malformed arguments.
 */
export function newNodeFromLine(line: string, escapeToken: string): LineNode {
  // ONBUILD chains are unwound with a loop: a 64 KiB line can nest thousands of them.
  const onbuilds: Omit<LineNode, 'inner'>[] = [];
  let text = line;
  let node: LineNode | undefined;
  for (;;) {
    const { keyword, flags, rest } = splitCommand(text);
    const name = keyword.toLowerCase();
    if (name === 'onbuild') {
      onbuilds.push({ name, keyword, args: [], flags, json: false, original: text });
      if (rest === '') break;
      text = rest;
      continue;
    }
    const parser = Object.hasOwn(DISPATCH, name) ? DISPATCH[name]! : parseIgnore;
    const { args, json } = parser(rest, escapeToken);
    node = { name, keyword, args, flags, json, original: text };
    break;
  }
  for (let i = onbuilds.length - 1; i >= 0; i--) node = { ...onbuilds[i]!, ...(node ? { inner: node } : {}) };
  return node!;
}

/**
 * BuildKit's `canContainHeredoc`: RUN, COPY and ADD in shell form, also as the trigger of an
 * ONBUILD.
 */
export function canContainHeredoc(node: LineNode): boolean {
  const target = node.name === 'onbuild' && node.inner ? node.inner : node;
  return HEREDOC_INSTRUCTIONS.has(target.name) && !target.json;
}
