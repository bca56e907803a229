import type { List, Word, WordPart } from './ast.ts';
import { ArithError, evalArith } from './arith.ts';
import { globPaths } from './glob.ts';
import { escapePattern, hasGlobChars, trimPattern, unescapePattern } from '../process/pattern.ts';
import type { WorkFs } from '../../fs/types.ts';
import { boundedString, MAX_SHELL_STRING, OutOfMemory } from './budget.ts';

/** A fatal expansion error: the shell prints `sh: <message>` and the command fails. */
export class ExpandError extends Error {
  constructor(
    message: string,
    /** Exit status ash uses (2 for syntax/arith errors, 1 for `${x?}`). */
    readonly status = 2,
  ) {
    super(message);
  }
}

/** What expansion needs from the shell. */
export interface ExpandHost {
  readonly fs: WorkFs;
  readonly cwd: string;
  getVar(name: string): string | undefined;
  setVar(name: string, value: string): void;
  /** `$?`, `$#`, `$@`..., `$0`, `$$`, `$!`, `$-` and positionals. */
  special(name: string): string | undefined;
  readonly positional: readonly string[];
  /** `set -u` */
  readonly nounset: boolean;
  /** `set -f` */
  readonly noglob: boolean;
  /** Runs a command substitution in a subshell and returns its stdout. */
  substitute(body: List): Promise<string>;
}

interface Field {
  value: string;
  pattern: string;
  glob: boolean;
  forced: boolean;
}


/** Expands words into fields: parameters, substitutions, arithmetic, splitting, globbing. */
export async function expandWords(words: readonly Word[], h: ExpandHost): Promise<string[]> {
  const out: string[] = [];
  let size = 0;
  for (const w of words) {
    for (const field of await expandWord(w, h)) {
      size += field.length + FIELD_OVERHEAD;
      if (size > MAX_FIELDS_SIZE) throw new OutOfMemory();
      out.push(field);
    }
  }
  return out;
}

/** What a field costs besides its characters (a string and its slot), so millions of one-letter fields count too. */
const FIELD_OVERHEAD = 16;
/** The fields of one command together: twice the longest string. */
const MAX_FIELDS_SIZE = 2 * MAX_SHELL_STRING;

/** Expands one word into zero or more fields. */
export async function expandWord(w: Word, h: ExpandHost): Promise<string[]> {
  const fields: Field[] = [];
  let cur: Field | undefined;
  const ensure = (): Field => (cur ??= { value: '', pattern: '', glob: false, forced: false });
  const end = (): void => {
    if (cur && (cur.value !== '' || cur.forced)) fields.push(cur);
    cur = undefined;
  };
  const lit = (text: string, quoted: boolean): void => {
    const f = ensure();
    f.value = boundedString(f.value + text);
    f.pattern += quoted ? escapePattern(text) : text;
    if (quoted) f.forced = true;
    else if (/[*?[]/.test(text)) f.glob = true;
  };
  // field splitting on IFS whitespace, a run of characters at a time (a 64 MiB value is not cut into 64M pieces)
  const split = (text: string): void => {
    const sep = /[ \t\n]+/g;
    let from = 0;
    for (let m = sep.exec(text); ; m = sep.exec(text)) {
      const to = m ? m.index : text.length;
      if (to > from) {
        const chunk = text.slice(from, to);
        const f = ensure();
        f.value = boundedString(f.value + chunk);
        f.pattern += chunk;
        if (/[*?[]/.test(chunk)) f.glob = true;
      }
      if (!m) break;
      end();
      from = m.index + m[0].length;
    }
  };
  let first = true;
  for (const p of w.parts) {
    if (p.k === 'lit') {
      let v = p.v;
      if (first && !p.q && v.startsWith('~')) v = tilde(v, h);
      lit(v, p.q);
    } else if (p.k === 'param' && (p.name === '@' || (p.name === '*' && !p.q)) && !p.op && !p.length) {
      const args = h.positional;
      if (!p.q) {
        for (let i = 0; i < args.length; i++) {
          if (i > 0) end();
          split(args[i]!);
        }
      } else {
        args.forEach((a, i) => {
          if (i > 0) end();
          lit(a, true);
        });
      }
    } else {
      const v = await expandPart(p, h);
      if (p.q) lit(v, true);
      else split(v);
    }
    first = false;
  }
  end();
  const out: string[] = [];
  for (const f of fields) {
    if (f.glob && !h.noglob && hasGlobChars(f.pattern)) {
      const matches = globPaths(h.fs, h.cwd, f.pattern);
      if (matches.length) {
        out.push(...matches);
        continue;
      }
    }
    out.push(f.value);
  }
  return out;
}

/** Expands a word to one string without splitting or globbing (assignments, redirections, case). */
export async function expandString(w: Word, h: ExpandHost): Promise<string> {
  let s = '';
  let first = true;
  for (const p of w.parts) {
    if (p.k === 'lit') s += first && !p.q && p.v.startsWith('~') ? tilde(p.v, h) : p.v;
    else if (p.k === 'param' && (p.name === '@' || p.name === '*') && !p.op && !p.length) s += h.positional.join(' ');
    else s += await expandPart(p, h);
    s = boundedString(s);
    first = false;
  }
  return s;
}

/** Expands a word into a pattern: quoted text is escaped, unquoted glob characters kept. */
export async function expandPattern(w: Word, h: ExpandHost): Promise<string> {
  let s = '';
  for (const p of w.parts) {
    if (p.k === 'lit') s += p.q ? escapePattern(p.v) : p.v;
    else {
      const v = await expandPart(p, h);
      s += p.q ? escapePattern(v) : v;
    }
  }
  return s;
}

function tilde(v: string, h: ExpandHost): string {
  const m = /^~([^/]*)(.*)$/s.exec(v)!;
  if (m[1] !== '') return v;
  return (h.getVar('HOME') ?? '/') + m[2];
}

async function expandPart(p: WordPart, h: ExpandHost): Promise<string> {
  switch (p.k) {
    case 'lit':
      return p.v;
    case 'cmd':
      return (await h.substitute(p.body)).replace(/\n+$/, '');
    case 'arith': {
      const text = await expandString(p.expr, h);
      try {
        return String(evalArith(text, { get: (n) => h.getVar(n), set: (n, v) => h.setVar(n, v) }));
      } catch (e) {
        if (e instanceof ArithError) throw new ExpandError(e.message);
        throw e;
      }
    }
    case 'param':
      return param(p, h);
  }
}

async function param(p: Extract<WordPart, { k: 'param' }>, h: ExpandHost): Promise<string> {
  const special = /^([0-9]+|[?#@*$!\-])$/.test(p.name);
  const val = special ? h.special(p.name) : h.getVar(p.name);
  if (p.length) return String((val ?? '').length);
  const op = p.op;
  if (!op) {
    if (val === undefined && h.nounset && !special) throw new ExpandError(`${p.name}: parameter not set`);
    return val ?? '';
  }
  const colon = op.startsWith(':');
  const unset = val === undefined || (colon && val === '');
  const arg = async (): Promise<string> => (p.arg ? expandString(p.arg, h) : '');
  switch (op.replace(':', '')) {
    case '-':
      return unset ? arg() : val!;
    case '=':
      if (unset) {
        if (special) throw new ExpandError(`${p.name}: bad variable name`);
        const v = await arg();
        h.setVar(p.name, v);
        return v;
      }
      return val!;
    case '+':
      return unset ? '' : arg();
    case '?':
      if (unset) {
        const msg = await arg();
        throw new ExpandError(`${p.name}: ${msg || 'parameter not set'}`, 1);
      }
      return val!;
    default: {
      const pat = p.arg ? await expandPattern(p.arg, h) : '';
      return trimPattern(val ?? '', pat, op);
    }
  }
}

export { unescapePattern };
