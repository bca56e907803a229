/**
 * The shell's syntax tree (busybox ash subset). Produced by `parser.ts`, run by
 * `interpreter.ts`. Words keep their quoting so expansion can decide what to split/glob.
 */

/** One piece of a word. `q` is true when the piece was quoted (no splitting, no globbing). */
export type WordPart =
  | { readonly k: 'lit'; readonly v: string; readonly q: boolean }
  | {
      readonly k: 'param';
      /** Variable name, digit string or special (`?`, `#`, `@`, `*`, `$`, `!`, `-`, `0`). */
      readonly name: string;
      /** `${name<op>arg}` operator: `-`, `:-`, `=`, `:=`, `+`, `:+`, `?`, `:?`, `#`, `##`, `%`, `%%`. */
      readonly op?: string;
      readonly arg?: Word;
      /** `${#name}` */
      readonly length?: boolean;
      readonly q: boolean;
    }
  | { readonly k: 'cmd'; readonly body: List; readonly q: boolean }
  | { readonly k: 'arith'; readonly expr: Word; readonly q: boolean };

/** A shell word: parts concatenated before field splitting. */
export interface Word {
  readonly parts: readonly WordPart[];
  /** The source text of the word (for keywords, names and messages). */
  readonly raw: string;
}

/** `[fd]op target`; heredocs carry their body as a word (expanded unless the delimiter was quoted). */
export interface Redirect {
  readonly fd: number;
  readonly op: '>' | '>>' | '<' | '>&' | '<&' | '<>' | '>|' | '<<' | '<<-';
  readonly target: Word;
  /** Filled in when the heredoc body is read (after the next newline). */
  heredoc?: Word;
}

export interface Assign {
  readonly name: string;
  readonly value: Word;
}

export type Command =
  | { readonly k: 'simple'; readonly assigns: readonly Assign[]; readonly words: readonly Word[]; readonly redirs: readonly Redirect[]; readonly line: number }
  | { readonly k: 'pipeline'; readonly cmds: readonly Command[]; readonly bang: boolean }
  | { readonly k: 'andor'; readonly first: Command; readonly rest: readonly { readonly op: '&&' | '||'; readonly cmd: Command }[] }
  | { readonly k: 'subshell'; readonly body: List; readonly redirs: readonly Redirect[] }
  | { readonly k: 'group'; readonly body: List; readonly redirs: readonly Redirect[] }
  | { readonly k: 'if'; readonly clauses: readonly { readonly cond: List; readonly body: List }[]; readonly otherwise?: List; readonly redirs: readonly Redirect[] }
  | { readonly k: 'for'; readonly name: string; readonly items?: readonly Word[]; readonly body: List; readonly redirs: readonly Redirect[] }
  | { readonly k: 'while'; readonly until: boolean; readonly cond: List; readonly body: List; readonly redirs: readonly Redirect[] }
  | { readonly k: 'case'; readonly word: Word; readonly items: readonly { readonly patterns: readonly Word[]; readonly body: List }[]; readonly redirs: readonly Redirect[] }
  | { readonly k: 'func'; readonly name: string; readonly body: Command };

/** Commands separated by `;`, `&` or newlines. `background` commands run synchronously (no job control). */
export interface List {
  readonly items: readonly { readonly cmd: Command; readonly background: boolean }[];
}
