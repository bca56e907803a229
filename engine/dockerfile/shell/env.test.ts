import { describe, expect, it } from 'vitest';
import { EnvList, EnvSnapshot } from './env.ts';
import { ShellLex } from './lex.ts';

describe('EnvList', () => {
  it('appends new keys and replaces existing ones in place', () => {
    const env = new EnvList().set('PATH', '/bin').set('A', '1').set('B', '2');
    env.set('A', 'one');
    expect(env.toArray()).toEqual(['PATH=/bin', 'A=one', 'B=2']);
    expect(env.keys()).toEqual(['PATH', 'A', 'B']);
    expect(env.size).toBe(3);
  });

  it('distinguishes empty from unset, and is case-sensitive', () => {
    const env = new EnvList([['EMPTY', ''], ['path', 'x']]);
    expect(env.get('EMPTY')).toBe('');
    expect(env.has('EMPTY')).toBe(true);
    expect(env.get('MISSING')).toBeUndefined();
    expect(env.has('PATH')).toBe(false);
    expect(env.get('path')).toBe('x');
  });

  it('parses K=V strings like an image config Env', () => {
    const env = EnvList.fromArray(['A=1', 'EQ=a=b', 'BARE', 'A=2', 'E=']);
    expect(env.toArray()).toEqual(['A=2', 'EQ=a=b', 'BARE=', 'E=']);
    expect(env.get('EQ')).toBe('a=b');
  });

  it('deletes and clones independently', () => {
    const env = EnvList.fromArray(['A=1', 'B=2', 'C=3']);
    const copy = env.clone();
    expect(env.delete('B')).toBe(true);
    expect(env.delete('B')).toBe(false);
    expect(env.toArray()).toEqual(['A=1', 'C=3']);
    expect(copy.toArray()).toEqual(['A=1', 'B=2', 'C=3']);
  });

  it('toMap keeps order and is a snapshot usable by ShellLex', () => {
    const env = EnvList.fromArray(['HOME=/root', 'GOPATH=$HOME/go']);
    const map = env.toMap();
    env.set('HOME', '/changed');
    expect([...map.keys()]).toEqual(['HOME', 'GOPATH']);
    expect(new ShellLex().processWord('$HOME:$GOPATH', map)).toBe('/root:$HOME/go');
  });

  it('snapshots keep the environment as it was, whatever changes after, and survive a structured clone', () => {
    const env = EnvList.fromArray(['A=1', 'B=2']);
    const first = env.snapshot();
    env.set('A', 'one').set('C', '3');
    env.delete('B');
    const second = env.snapshot();
    env.set('B', 'again');
    const third = env.snapshot();
    expect([...first]).toEqual([['A', '1'], ['B', '2']]);
    expect([...second]).toEqual([['A', 'one'], ['C', '3']]);
    // a key set again after a delete goes to the end, as on the list itself
    expect([...third]).toEqual([['A', 'one'], ['C', '3'], ['B', 'again']]);
    expect(env.toArray()).toEqual(['A=one', 'C=3', 'B=again']);
    expect([first.size, second.size, third.size]).toEqual([2, 2, 3]);
    expect([first.get('C'), second.get('B'), second.has('B'), third.get('B')]).toEqual([undefined, undefined, false, 'again']);
    expect(new ShellLex().processWord('$A-$B-$C', second)).toBe('one--3');
    const cloned = structuredClone({ steps: [first, second, third] }).steps.map((s) => EnvSnapshot.revive(s));
    expect(cloned.map((s) => Object.fromEntries(s))).toEqual([{ A: '1', B: '2' }, { A: 'one', C: '3' }, { A: 'one', C: '3', B: 'again' }]);
    expect(EnvSnapshot.revive(new Map([['X', '1']]))).toBeInstanceOf(Map);
  });

  it('counts the K=V text it holds', () => {
    const env = new EnvList([['A', '12'], ['BB', '']]);
    expect(env.textLength).toBe('A=12'.length + 'BB='.length);
    env.set('A', '1');
    env.delete('BB');
    expect(env.textLength).toBe(3);
  });

  it('clones share their parent: 100 stacked clones, each setting and overriding a key, read and clone as one list', () => {
    let env = EnvList.fromArray(['PATH=/bin', 'K=0']);
    const snaps: ReadonlyMap<string, string>[] = [];
    for (let i = 1; i <= 100; i++) {
      env = env.clone().set(`V${i}`, String(i)).set('K', String(i));
      snaps.push(env.snapshot());
    }
    expect(env.size).toBe(102);
    expect(env.keys().slice(0, 3)).toEqual(['PATH', 'K', 'V1']);
    expect([env.get('K'), env.get('V50'), snaps[9]!.get('K'), snaps[9]!.get('V11')]).toEqual(['100', '50', '10', undefined]);
    const back = structuredClone(snaps).map((s) => EnvSnapshot.revive(s));
    expect(Object.fromEntries(back[99]!)).toEqual(Object.fromEntries(env.toMap()));
    expect(back[9]!.get('K')).toBe('10');
  });
});
