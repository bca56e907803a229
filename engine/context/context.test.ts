import { describe, expect, it } from 'vitest';
import { buildContext, type ContextFile } from './index.ts';

const enc = new TextEncoder();
const file = (path: string, text = path): ContextFile => ({ path, type: 'file', mode: 0o644, mtime: 1700000000, content: enc.encode(text) });

describe('buildContext', () => {
  it('applies the project .dockerignore, adds parent dirs, owns everything as 0:0', () => {
    const ctx = buildContext([
      file('.dockerignore', 'bin/\n*.tar\n'),
      file('go.mod', 'module x\n'),
      file('cmd/client/main.go', 'package main\n'),
      file('bin/client'),
      file('image.tar'),
    ]);
    expect(ctx.entries.map((e) => e.path)).toEqual(['/.dockerignore', '/cmd', '/cmd/client', '/cmd/client/main.go', '/go.mod']);
    expect(ctx.ignored).toEqual(['bin/client', 'image.tar']);
    expect(ctx.entries.every((e) => e.uid === 0 && e.gid === 0)).toBe(true);
    expect(ctx.size).toBe('bin/\n*.tar\n'.length + 'module x\n'.length + 'package main\n'.length);
  });
  it('takes an explicit ignore text over the file, and drops paths outside the root', () => {
    const ctx = buildContext([file('.dockerignore', '*'), file('a'), file('../evil')], '');
    expect(ctx.entries.map((e) => e.path)).toEqual(['/.dockerignore', '/a']);
  });
});
