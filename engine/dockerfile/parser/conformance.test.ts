import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withCorpus } from '../../testing/conformance.ts';
import { ParseError } from '../../source/index.ts';
import { chompHeredocContent, dumpNode, heredocsFromLine, parse, parseHeredocWord } from './index.ts';

/**
 * BuildKit's own parser corpus, read at run time from outside the repository (it is BuildKit's
 * data, not ours to copy here; `engine/testing/shared.ts` says where): a new case is just files.
 */

const read = (...p: string[]) => readFileSync(join(...p), 'utf8');
const cases = (dir: string) => readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

withCorpus('buildkit-parser', (corpus) => {
  describe('buildkit-parser/testfiles: dump equals result', () => {
    const names = cases(join(corpus, 'testfiles'));
    it('has the corpus', () => expect(names.length).toBeGreaterThanOrEqual(33));
    it.each(names)('%s', (name) => {
      const dir = join(corpus, 'testfiles', name);
      const result = parse(read(dir, 'Dockerfile'));
      expect(result.nodes.map(dumpNode).join('\n') + '\n').toBe(read(dir, 'result').replace(/\r\n/g, '\n'));
    });
  });

  describe('buildkit-parser/testfiles-negative: parse fails with the expected message', () => {
    const names = cases(join(corpus, 'testfiles-negative'));
    it('has the corpus', () => expect(names.length).toBeGreaterThanOrEqual(4));
    it.each(names)('%s', (name) => {
      const dir = join(corpus, 'testfiles-negative', name);
      const expected = read(dir, 'expected-error').trim();
      let caught: unknown;
      try {
        parse(read(dir, 'Dockerfile'));
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(ParseError);
      expect((caught as ParseError).message).toBe(expected);
      expect((caught as ParseError).ranges.length).toBe(1);
    });
  });

  describe('buildkit-parser/testfile-line', () => {
    it('root and children span the expected lines', () => {
      const result = parse(read(corpus, 'testfile-line/Dockerfile'));
      const expected = read(corpus, 'testfile-line/expected-lines').trim().split('\n').map((l) => l.trim().split(/\s+/));
      const [root, ...children] = expected;
      expect(root).toEqual(['root', String(result.startLine), String(result.endLine)]);
      expect(result.nodes.map((n) => ['child', String(n.range.start.line), String(n.range.end.line)])).toEqual(children);
    });
  });
});

withCorpus('buildkit-parser-heredoc', (dir) => {
  describe('buildkit-parser-heredoc', () => {
    interface Expected {
      children: { instruction: string; heredocs: unknown[] | null }[];
    }

    it('every node carries the expected heredocs', () => {
      const expected = JSON.parse(read(dir, 'expected-heredocs.json')) as Expected;
      const result = parse(read(dir, 'Dockerfile'));
      expect(result.nodes.map((n) => n.original)).toEqual(expected.children.map((c) => c.instruction));
      expect(result.nodes.map((n) => (n.heredocs.length ? n.heredocs : null))).toEqual(expected.children.map((c) => c.heredocs));
    });

    const words = JSON.parse(read(dir, 'heredoc-words.json')) as {
      parseHeredoc: { validNameIsEOF: string[]; error: string[]; notHeredoc: string[] };
      heredocsFromLine: { line: string; names: string[] }[];
      jsonFormNeverHeredoc: string[];
      chomp: { input: string; output: string };
    };

    it.each(words.parseHeredoc.validNameIsEOF)('parseHeredocWord(%j) is EOF', (w) => {
      expect(parseHeredocWord(w)?.name).toBe('EOF');
    });
    it.each(words.parseHeredoc.error)('parseHeredocWord(%j) fails', (w) => {
      expect(() => parseHeredocWord(w)).toThrow(ParseError);
    });
    it.each(words.parseHeredoc.notHeredoc)('parseHeredocWord(%j) is not a heredoc', (w) => {
      expect(parseHeredocWord(w)).toBeUndefined();
    });
    it.each(words.heredocsFromLine)('heredocsFromLine($line)', ({ line, names }) => {
      expect(heredocsFromLine(line).map((h) => h.name)).toEqual(names);
    });
    it.each(words.jsonFormNeverHeredoc)('%s never gets heredocs', (line) => {
      const result = parse(`${line}\nEOF\n`);
      expect(result.nodes[0]!.json).toBe(true);
      expect(result.nodes[0]!.heredocs).toEqual([]);
      expect(result.nodes).toHaveLength(2);
    });
    it('chomp removes leading tabs from every line', () => {
      expect(chompHeredocContent(words.chomp.input)).toBe(words.chomp.output);
    });
  });
});
