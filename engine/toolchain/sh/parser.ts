import type { Assign, Command, List, Redirect, Word } from './ast.ts';
import { ShSyntaxError } from './errors.ts';
import { Lexer, subParser, type Token } from './lexer.ts';
import { nested } from './words.ts';

const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'case', 'esac', 'while', 'until', 'for', 'in', '{', '}', '!']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Parses a whole script (busybox ash grammar subset). Throws `ShSyntaxError` with ash's wording. */
export function parseScript(src: string): List {
  const p = new Parser(src, 0);
  const list = p.list([]);
  const t = p.peek();
  if (t.t !== 'eof') p.unexpected(t);
  return list;
}

function subParse(src: string, pos: number): { body: List; end: number } {
  const p = new Parser(src, pos);
  const body = p.list([')']);
  const t = p.next();
  if (!(t.t === 'op' && t.v === ')')) p.unexpected(t, ')');
  return { body, end: p.pos };
}
subParser.parse = subParse;

function plainWord(w: Word): string | undefined {
  return w.parts.length === 1 && w.parts[0]!.k === 'lit' && !w.parts[0]!.q ? w.parts[0]!.v : undefined;
}

/** Recursive descent over the lexer's tokens. */
class Parser extends Lexer {
  private skipNl(): void {
    while (this.peek().t === 'nl') this.next();
  }

  private isKw(t: Token, ...kws: string[]): boolean {
    if (t.t !== 'word') return false;
    const v = plainWord(t.w);
    return v !== undefined && kws.includes(v);
  }

  private expectKw(kw: string): void {
    const t = this.next();
    if (!this.isKw(t, kw)) this.unexpected(t, kw);
  }

  /** A list of and-or commands, until a terminator keyword / `)` / `;;` / eof. */
  list(stops: string[]): List {
    const items: { cmd: Command; background: boolean }[] = [];
    for (;;) {
      this.skipNl();
      const t = this.peek();
      if (t.t === 'eof') break;
      if (t.t === 'op' && (stops.includes(t.v) || t.v === ';;')) break;
      if (this.isKw(t, ...stops, 'then', 'else', 'elif', 'fi', 'do', 'done', 'esac', '}')) break;
      const cmd = this.andOr();
      const sep = this.peek();
      if (sep.t === 'op' && (sep.v === ';' || sep.v === '&')) {
        this.next();
        items.push({ cmd, background: sep.v === '&' });
        continue;
      }
      items.push({ cmd, background: false });
      if (sep.t === 'nl') continue;
      break;
    }
    return { items };
  }

  private nonEmpty(stops: string[], expecting: string): List {
    const l = this.list(stops);
    if (l.items.length === 0) this.unexpected(this.peek(), this.peek().t === 'eof' ? expecting : undefined);
    return l;
  }

  private andOr(): Command {
    const first = this.pipeline();
    const rest: { op: '&&' | '||'; cmd: Command }[] = [];
    for (;;) {
      const t = this.peek();
      if (t.t === 'op' && (t.v === '&&' || t.v === '||')) {
        this.next();
        this.skipNl();
        rest.push({ op: t.v, cmd: this.pipeline() });
      } else break;
    }
    return rest.length ? { k: 'andor', first, rest } : first;
  }

  private pipeline(): Command {
    let bang = false;
    if (this.isKw(this.peek(), '!')) {
      this.next();
      bang = true;
    }
    const cmds = [this.command()];
    for (;;) {
      const t = this.peek();
      if (t.t === 'op' && t.v === '|') {
        this.next();
        this.skipNl();
        cmds.push(this.command());
      } else break;
    }
    return cmds.length > 1 || bang ? { k: 'pipeline', cmds, bang } : cmds[0]!;
  }

  private redirect(fd: number | undefined, op: string): Redirect {
    const t = this.next();
    if (t.t !== 'word') this.unexpected(t);
    const o = op as Redirect['op'];
    const dfd = fd ?? (o.startsWith('<') ? 0 : 1);
    const rd: Redirect = { fd: dfd, op: o, target: t.w };
    if (o === '<<' || o === '<<-') this.pending.push(rd);
    return rd;
  }

  private redirs(): Redirect[] {
    const out: Redirect[] = [];
    for (;;) {
      const t = this.peek();
      if (t.t === 'op' && /^[<>]/.test(t.v)) {
        this.next();
        out.push(this.redirect(undefined, t.v));
      } else if (t.t === 'word' && /^[0-9]$/.test(t.w.raw) && this.src[this.pos] && '<>'.includes(this.src[this.pos]!)) {
        this.next();
        const op = this.next() as { t: 'op'; v: string };
        out.push(this.redirect(Number(t.w.raw), op.v));
      } else break;
    }
    return out;
  }

  private command(): Command {
    const t = this.peek();
    if (t.t === 'op' && t.v === '(') {
      this.next();
      const body = nested(() => this.nonEmpty([')'], ')'));
      const c = this.next();
      if (!(c.t === 'op' && c.v === ')')) this.unexpected(c, ')');
      return { k: 'subshell', body, redirs: this.redirs() };
    }
    if (t.t === 'word') {
      const kw = plainWord(t.w);
      if (kw !== undefined && RESERVED.has(kw)) return nested(() => this.compound(kw, t));
    }
    return this.simple();
  }

  private compound(kw: string, t: Token): Command {
    switch (kw) {
      case '{': {
        this.next();
        const body = this.nonEmpty(['}'], '}');
        this.expectKw('}');
        return { k: 'group', body, redirs: this.redirs() };
      }
      case 'if': {
        this.next();
        const clauses: { cond: List; body: List }[] = [];
        let otherwise: List | undefined;
        for (;;) {
          const cond = this.nonEmpty(['then'], 'then');
          this.expectKw('then');
          const body = this.nonEmpty(['elif', 'else', 'fi'], 'fi');
          clauses.push({ cond, body });
          const n = this.next();
          if (this.isKw(n, 'elif')) continue;
          if (this.isKw(n, 'else')) {
            otherwise = this.nonEmpty(['fi'], 'fi');
            this.expectKw('fi');
          } else if (!this.isKw(n, 'fi')) this.unexpected(n, 'fi');
          break;
        }
        return otherwise ? { k: 'if', clauses, otherwise, redirs: this.redirs() } : { k: 'if', clauses, redirs: this.redirs() };
      }
      case 'while':
      case 'until': {
        this.next();
        const cond = this.nonEmpty(['do'], 'do');
        this.expectKw('do');
        const body = this.nonEmpty(['done'], 'done');
        this.expectKw('done');
        return { k: 'while', until: kw === 'until', cond, body, redirs: this.redirs() };
      }
      case 'for': {
        this.next();
        const n = this.next();
        if (n.t !== 'word' || !NAME.test(n.w.raw)) throw new ShSyntaxError('syntax error: bad for loop variable');
        let items: Word[] | undefined;
        this.skipNlIf();
        if (this.isKw(this.peek(), 'in')) {
          this.next();
          items = [];
          for (;;) {
            const w = this.peek();
            if (w.t !== 'word') break;
            this.next();
            items.push(w.w);
          }
          const s = this.next();
          if (!(s.t === 'nl' || (s.t === 'op' && s.v === ';'))) this.unexpected(s, 'do');
        } else if (this.peek().t === 'op' && (this.peek() as { v: string }).v === ';') this.next();
        this.skipNl();
        this.expectKw('do');
        const body = this.nonEmpty(['done'], 'done');
        this.expectKw('done');
        return items ? { k: 'for', name: n.w.raw, items, body, redirs: this.redirs() } : { k: 'for', name: n.w.raw, body, redirs: this.redirs() };
      }
      case 'case':
        return this.caseCmd();
      default:
        return this.unexpected(t);
    }
  }

  private skipNlIf(): void {
    this.skipNl();
  }

  private caseCmd(): Command {
    this.next();
    const wt = this.next();
    if (wt.t !== 'word') this.unexpected(wt);
    this.skipNl();
    this.expectKw('in');
    const items: { patterns: Word[]; body: List }[] = [];
    for (;;) {
      this.skipNl();
      const t = this.peek();
      if (this.isKw(t, 'esac')) {
        this.next();
        break;
      }
      if (t.t === 'op' && t.v === '(') this.next();
      const patterns: Word[] = [];
      for (;;) {
        const p = this.next();
        if (p.t !== 'word') this.unexpected(p, ')');
        patterns.push(p.w);
        const s = this.next();
        if (s.t === 'op' && s.v === '|') continue;
        if (s.t === 'op' && s.v === ')') break;
        this.unexpected(s, ')');
      }
      const body = this.list(['esac']);
      items.push({ patterns, body });
      const e = this.peek();
      if (e.t === 'op' && e.v === ';;') {
        this.next();
        continue;
      }
      this.skipNl();
      const end = this.next();
      if (this.isKw(end, 'esac')) break;
      this.unexpected(end, ')');
    }
    return { k: 'case', word: wt.w, items, redirs: this.redirs() };
  }

  private simple(): Command {
    const line = this.peek().line;
    const assigns: Assign[] = [];
    const words: Word[] = [];
    const redirs: Redirect[] = [];
    for (;;) {
      redirs.push(...this.redirs());
      const t = this.peek();
      if (t.t !== 'word') break;
      this.next();
      const first = t.w.parts[0];
      if (words.length === 0 && first?.k === 'lit' && !first.q && /^[A-Za-z_][A-Za-z0-9_]*=/.test(first.v)) {
        const eq = first.v.indexOf('=');
        const rest = first.v.slice(eq + 1);
        const parts = rest ? [{ k: 'lit' as const, v: rest, q: false }, ...t.w.parts.slice(1)] : t.w.parts.slice(1);
        assigns.push({ name: first.v.slice(0, eq), value: { parts, raw: t.w.raw.slice(eq + 1) } });
        continue;
      }
      words.push(t.w);
      // `name() body`: a function definition
      if (words.length === 1 && assigns.length === 0 && redirs.length === 0) {
        const p = this.peek();
        if (p.t === 'op' && p.v === '(' && this.src[this.pos] === ')') {
          this.next();
          this.next();
          this.skipNl();
          const name = t.w.raw;
          if (!NAME.test(name) && !/^[A-Za-z_][\w.-]*$/.test(name)) throw new ShSyntaxError('syntax error: bad function name');
          return { k: 'func', name, body: this.command() };
        }
      }
    }
    if (words.length === 0 && assigns.length === 0 && redirs.length === 0) this.unexpected(this.peek());
    return { k: 'simple', assigns, words, redirs, line };
  }
}
