import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown, safeHref, type Block, type Inline } from './markdown.ts';

describe('parseInline', () => {
  it('reads code, strong, emphasis and links, leaving unmatched markers as text', () => {
    expect(parseInline('run `go build` **now**, *please*')).toEqual([
      { kind: 'text', text: 'run ' },
      { kind: 'code', text: 'go build' },
      { kind: 'text', text: ' ' },
      { kind: 'strong', children: [{ kind: 'text', text: 'now' }] },
      { kind: 'text', text: ', ' },
      { kind: 'em', children: [{ kind: 'text', text: 'please' }] },
    ]);
    expect(parseInline('2 * 3 and a lone ` tick')).toEqual([{ kind: 'text', text: '2 * 3 and a lone ` tick' }]);
    expect(parseInline('`` a ` b ``')).toEqual([{ kind: 'code', text: 'a ` b' }]);
  });

  it('keeps markup in code spans as text and never makes unsafe links', () => {
    expect(parseInline('`<script>**x**</script>`')).toEqual([{ kind: 'code', text: '<script>**x**</script>' }]);
    expect(parseInline('[docs](https://docs.docker.com/build/)')).toEqual([
      { kind: 'link', href: 'https://docs.docker.com/build/', children: [{ kind: 'text', text: 'docs' }] },
    ]);
    expect(parseInline('[x](javascript:alert(1))')[0]).toMatchObject({ kind: 'em' });
    expect(safeHref('JAVASCRIPT:alert(1)')).toBe(false);
    expect(safeHref('#/lesson/03-multi-stage')).toBe(true);
  });
});

describe('parseMarkdown', () => {
  it('reads headings, paragraphs, fenced code, lists and quotes', () => {
    const doc = parseMarkdown('# Title\n\nOne\nline.\n\n```dockerfile\nFROM scratch\n  COPY a b\n```\n1. first\n   continued\n2. second\n\n- a\n- b\n\n> **Note.** quoted\n> more\n');
    expect(doc.map((b) => b.kind)).toEqual(['heading', 'paragraph', 'code', 'list', 'list', 'quote']);
    expect(doc[1]).toEqual({ kind: 'paragraph', children: [{ kind: 'text', text: 'One line.' }] });
    expect(doc[2]).toEqual({ kind: 'code', lang: 'dockerfile', text: 'FROM scratch\n  COPY a b' });
    expect(doc[3]).toMatchObject({ ordered: true, start: 1, items: [[{ kind: 'text', text: 'first continued' }], [{ kind: 'text', text: 'second' }]] });
    expect(doc[4]).toMatchObject({ ordered: false, items: [[{ text: 'a' }], [{ text: 'b' }]] });
    expect((doc[5] as Extract<Block, { kind: 'quote' }>).blocks).toHaveLength(1);
  });

  it('parses every lesson\'s prose without losing words', () => {
    const root = resolve(import.meta.dirname, '../../../../lessons');
    const textOf = (xs: readonly Inline[]): string => xs.map((x) => ('text' in x ? x.text : textOf(x.children))).join('');
    const words = (blocks: readonly Block[]): string =>
      blocks
        .map((b) => (b.kind === 'code' ? b.text : b.kind === 'list' ? b.items.map(textOf).join(' ') : b.kind === 'quote' ? words(b.blocks) : textOf(b.children)))
        .join(' ');
    let files = 0;
    for (const dir of readdirSync(root).filter((d) => /^\d\d-/.test(d))) {
      for (const f of readdirSync(join(root, dir)).filter((n) => n.endsWith('.md'))) {
        const src = readFileSync(join(root, dir, f), 'utf8');
        const letters = (s: string) => s.replace(/[^A-Za-z0-9]/g, '');
        expect(letters(words(parseMarkdown(src))).length, `${dir}/${f}`).toBeGreaterThan(letters(src).length * 0.97);
        files++;
      }
    }
    expect(files).toBeGreaterThan(15);
  });
});
