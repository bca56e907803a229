/**
 * A lesson's commands are shell lines as the guide types them (`docker build … 2> log1.txt`,
 * `awk '/proxy.golang.org/' log1.txt`, `ls -l ./bin`): read here with the terminal's own
 * shell parser, so the lessons' validation and tests see the same words and redirections
 * the terminal runs.
 */
import { APPLET_NAMES } from '../toolchain/busybox/applets.ts';
import { parseScript, type Command, type List, type Word } from '../toolchain/sh/index.ts';

/** The programs a lesson's command may run: `docker`, the busybox applets, and the terminal's own `file` and `tree`. */
export const LESSON_PROGRAMS: ReadonlySet<string> = new Set(['docker', 'file', 'tree', ...APPLET_NAMES]);

/** One simple command of a line: its words after quote removal, and the files its output goes to. */
export interface LessonCommand {
  readonly words: readonly string[];
  /** Targets of `>`, `>>` and `2>` redirections. */
  readonly writes: readonly string[];
}

/** The simple commands of `line`, in order (throws the shell's syntax error). */
export function lessonCommands(line: string): LessonCommand[] {
  const out: LessonCommand[] = [];
  walkList(parseScript(line), out);
  return out;
}

function walkList(list: List, out: LessonCommand[]): void {
  for (const item of list.items) walk(item.cmd, out);
}

function walk(cmd: Command, out: LessonCommand[]): void {
  switch (cmd.k) {
    case 'simple':
      out.push({ words: cmd.words.map(unquoted), writes: cmd.redirs.filter((r) => r.op === '>' || r.op === '>>').map((r) => unquoted(r.target)) });
      return;
    case 'pipeline':
      for (const c of cmd.cmds) walk(c, out);
      return;
    case 'andor':
      walk(cmd.first, out);
      for (const r of cmd.rest) walk(r.cmd, out);
      return;
    default:
      throw new Error(`a lesson command is a plain command line, not a ${cmd.k}`);
  }
}

/** A word's text with its quotes removed (a word with expansions keeps its source text). */
function unquoted(w: Word): string {
  return w.parts.every((p) => p.k === 'lit') ? w.parts.map((p) => (p.k === 'lit' ? p.v : '')).join('') : w.raw;
}
