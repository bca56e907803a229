import type { Command, List } from './ast.ts';
import type { Shell } from './interpreter.ts';
import type { Io } from './redirect.ts';
import { expandPattern, expandString, expandWords, ExpandError } from './expand.ts';
import { matchPattern } from '../process/pattern.ts';
import { FatalError, LoopSignal } from './signals.ts';

async function loopBody(sh: Shell, body: List, io: Io): Promise<'break' | 'continue' | undefined> {
  try {
    await sh.runList(body, io);
    return undefined;
  } catch (e) {
    if (e instanceof LoopSignal) {
      if (e.levels > 1) {
        e.levels--;
        throw e;
      }
      return e.kind;
    }
    throw e;
  }
}

function tick(sh: Shell, n: number): void {
  if (n > sh.loopLimit) throw new FatalError(`loop stopped after ${sh.loopLimit} iterations (stageplay's bound on loops)`, 2);
}

/** Runs `{ }`, `( )`, `if`, `while`/`until`, `for` and `case` (redirections already applied). */
export async function runCompound(sh: Shell, c: Exclude<Command, { k: 'simple' | 'pipeline' | 'andor' | 'func' }>, io: Io): Promise<number> {
  switch (c.k) {
    case 'group':
      return sh.runList(c.body, io);
    case 'subshell': {
      const st = await sh.clone().runIsolated(c.body, io);
      sh.status = st;
      sh.checkErrexit(st);
      return st;
    }
    case 'if': {
      for (const cl of c.clauses) {
        sh.tested++;
        let cond: number;
        try {
          cond = await sh.runList(cl.cond, io);
        } finally {
          sh.tested--;
        }
        if (cond === 0) return sh.runList(cl.body, io);
      }
      return c.otherwise ? sh.runList(c.otherwise, io) : 0;
    }
    case 'while': {
      let st = 0;
      for (let n = 1; ; n++) {
        tick(sh, n);
        sh.tested++;
        let cond: number;
        try {
          cond = await sh.runList(c.cond, io);
        } finally {
          sh.tested--;
        }
        if ((cond === 0) === c.until) break;
        const r = await loopBody(sh, c.body, io);
        st = sh.status;
        if (r === 'break') break;
      }
      return st;
    }
    case 'for': {
      let items: string[];
      try {
        items = c.items ? await expandWords(c.items, sh) : [...sh.positional];
      } catch (e) {
        if (e instanceof ExpandError) throw new FatalError(e.message, e.status);
        throw e;
      }
      let st = 0;
      let n = 0;
      for (const it of items) {
        tick(sh, ++n);
        sh.vars.set(c.name, it);
        const r = await loopBody(sh, c.body, io);
        st = sh.status;
        if (r === 'break') break;
      }
      return st;
    }
    case 'case': {
      const word = await expandString(c.word, sh);
      for (const item of c.items) {
        for (const p of item.patterns) {
          if (matchPattern(await expandPattern(p, sh), word)) return sh.runList(item.body, io);
        }
      }
      return 0;
    }
  }
}
