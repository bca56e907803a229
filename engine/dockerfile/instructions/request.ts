import type { Node } from '../parser/node.ts';
import type { InstructionName } from '../names.ts';
import type { CommandBase, InlineFile } from './commands.ts';
import { parseFlags, type FlagSpec, type ParsedFlags } from './bflags.ts';

/** What one instruction parser receives (BuildKit `parseRequest`). */
export interface ParseRequest {
  readonly node: Node;
  readonly kind: InstructionName;
  readonly args: readonly string[];
  /** The shared fields of every command built from this node. */
  readonly base: Omit<CommandBase, 'kind'>;
  /** Parse the node's flags against the instruction's allowed flags. */
  flags(spec: FlagSpec): ParsedFlags;
}

/** Build a request for `node` of the given kind. */
export function newRequest(node: Node, kind: InstructionName): ParseRequest {
  return {
    node,
    kind,
    args: node.args,
    base: { keyword: node.keyword, original: node.original, range: node.range, comments: node.prevComment },
    flags: (spec) => parseFlags(node.flags, spec),
  };
}

/** Exec form keeps the array; shell form joins the words into one string (`handleJSONArgs`). */
export function handleJSONArgs(args: readonly string[], json: boolean): string[] {
  if (args.length === 0) return [];
  return json ? [...args] : [args.join(' ')];
}

/** Remove leading tabs from every line (`ChompHeredocContent`). */
export function chompHeredocContent(s: string): string {
  return s.replace(/^\t+/gm, '');
}

/** The node's heredocs as commands see them. */
export function inlineFiles(node: Node): InlineFile[] {
  return node.heredocs.map((h) => ({
    name: h.name,
    data: h.chomp ? chompHeredocContent(h.content) : h.content,
    expand: h.expand,
    chomp: h.chomp,
    fileDescriptor: h.fileDescriptor,
  }));
}

const HEREDOC_WORD = /^(\d*)<<(-?)\s*([^<]*)$/;

/** The heredoc name a COPY/ADD word refers to (`<<EOF`, `<<-"EOF"`), or undefined. */
export function heredocWordName(word: string): string | undefined {
  const m = HEREDOC_WORD.exec(word);
  if (!m) return undefined;
  const name = m[3]!.replace(/["']/g, '');
  return name === '' || /\s/.test(name) ? undefined : name;
}
