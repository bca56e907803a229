import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../source/index.ts';
import { EnvList } from './env.ts';
import { ShellLex } from './lex.ts';

// Words built from the characters that matter to the lexer, so most inputs hit some rule.
const shellChar = fc.constantFrom('$', '{', '}', ':', '-', '+', '?', '#', '%', '/', '*', "'", '"', '\\', '`', ' ', 'A', 'B', 'x', '0', '@', '\n', '한');
const shellWord = fc.array(shellChar, { maxLength: 24 }).map((cs) => cs.join(''));
const env = new Map([
  ['A', 'a b'],
  ['B', ''],
]);
const params = { seed: 20240601, numRuns: 800 };

describe('lexer robustness (seeded)', () => {
  it.each(['\\', '`'])('either expands or throws a shell/ EngineError (escape %s)', (esc) => {
    const lex = new ShellLex(esc);
    fc.assert(
      fc.property(shellWord, (word) => {
        try {
          const result = lex.processWord(word, env);
          const words = lex.processWords(word, env);
          // Splitting only drops whitespace and empty quoted strings; it never invents text.
          expect(words.join('').length).toBeLessThanOrEqual(result.length);
          for (const w of words) expect(w).not.toBe('');
        } catch (err) {
          expect(err).toBeInstanceOf(EngineError);
          expect((err as EngineError).code).toMatch(/^shell\//);
          expect((err as EngineError).message.startsWith('failed to process "')).toBe(true);
        }
      }),
      params,
    );
  });

  it('words without $, quotes or escapes come back unchanged', () => {
    const plain = fc.array(fc.constantFrom('a', 'b', '-', '.', ' ', '/', '{', '}', '한'), { maxLength: 20 }).map((cs) => cs.join(''));
    const lex = new ShellLex();
    fc.assert(
      fc.property(plain, (word) => {
        expect(lex.processWord(word, env)).toBe(word);
        expect(lex.processWords(word, env)).toEqual(word.split(' ').filter((w) => w !== ''));
      }),
      params,
    );
  });
});

describe('EnvList (seeded)', () => {
  it('sets, deletes, snapshots and clones interleaved: each snapshot and clone behaves as a plain ordered list copied at that moment', () => {
    const key = fc.constantFrom('A', 'B', 'a', 'PATH', 'X_1');
    const op = fc.oneof(
      { weight: 4, arbitrary: fc.tuple(fc.constant('set' as const), key, fc.string({ maxLength: 3 })) },
      { weight: 1, arbitrary: fc.tuple(fc.constant('delete' as const), key) },
      { weight: 1, arbitrary: fc.constant(['snapshot'] as const) },
      { weight: 1, arbitrary: fc.constant(['clone'] as const) },
    );
    /** The reference: an array of pairs, a set replaces in place or appends, a delete splices. */
    const model = {
      set: (m: [string, string][], k: string, v: string) => {
        const e = m.find(([x]) => x === k);
        if (e) e[1] = v;
        else m.push([k, v]);
      },
      delete: (m: [string, string][], k: string) => {
        const i = m.findIndex(([x]) => x === k);
        if (i >= 0) m.splice(i, 1);
      },
    };
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        let env = new EnvList();
        let ref: [string, string][] = [];
        const taken: [ReadonlyMap<string, string>, [string, string][]][] = [];
        const old: [EnvList, [string, string][]][] = [];
        for (const o of ops) {
          if (o[0] === 'set') {
            env.set(o[1], o[2]);
            model.set(ref, o[1], o[2]);
          } else if (o[0] === 'delete') {
            expect(env.delete(o[1])).toBe(ref.some(([k]) => k === o[1]));
            model.delete(ref, o[1]);
          } else if (o[0] === 'snapshot') taken.push([env.snapshot(), ref.map(([k, v]) => [k, v])]);
          else {
            old.push([env, ref.map(([k, v]) => [k, v])]);
            env = env.clone();
            ref = ref.map(([k, v]) => [k, v]);
          }
          expect(env.toArray()).toEqual(ref.map(([k, v]) => `${k}=${v}`));
          expect(env.size).toBe(ref.length);
          expect(env.textLength).toBe(ref.reduce((n, [k, v]) => n + k.length + 1 + v.length, 0));
        }
        // what was snapshotted, and the lists cloned from, did not change afterwards
        for (const [snap, copy] of [...taken, ...old.map(([l, c]) => [l.snapshot(), c] as const)]) {
          expect([...snap]).toEqual(copy);
          expect(snap.size).toBe(copy.length);
          for (const k of ['A', 'B', 'a', 'PATH', 'X_1']) expect(snap.get(k)).toBe(new Map(copy).get(k));
        }
      }),
      params,
    );
  });

  it('fromArray(toArray()) round-trips and matches a last-wins map', () => {
    const key = fc.constantFrom('A', 'B', 'a', 'PATH', 'X_1');
    const ops = fc.array(fc.tuple(key, fc.string({ maxLength: 5 })), { maxLength: 12 });
    fc.assert(
      fc.property(ops, (pairs) => {
        const env = new EnvList(pairs);
        expect(EnvList.fromArray(env.toArray()).toArray()).toEqual(env.toArray());
        expect(env.toMap()).toEqual(new Map(pairs));
        expect(env.keys()).toEqual([...new Set(pairs.map(([k]) => k))]);
      }),
      params,
    );
  });
});
