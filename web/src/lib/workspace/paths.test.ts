import { describe, expect, it } from 'vitest';
import { buildTree, isDirectory, normalizePath, PathError, resolvePath } from './paths.ts';
import { seedFiles } from './seed.ts';

describe('workspace paths', () => {
  it('normalises what a learner types', () => {
    expect(normalizePath(' ./cmd//client/main.go ')).toBe('cmd/client/main.go');
    expect(normalizePath('/Dockerfile')).toBe('Dockerfile');
    expect(() => normalizePath('../etc/passwd')).toThrow(PathError);
    expect(() => normalizePath(' / ')).toThrow('a file needs a name');
    expect(() => normalizePath('a\0b')).toThrow(PathError);
  });

  it('resolves relative to a directory and refuses to leave the workspace', () => {
    expect(resolvePath('', '.')).toBe('');
    expect(resolvePath('cmd', '../Dockerfile')).toBe('Dockerfile');
    expect(resolvePath('cmd/client', '/go.mod')).toBe('go.mod');
    expect(resolvePath('', '..')).toBeNull();
  });

  it('builds a tree with directories first and dotfiles kept', () => {
    const tree = buildTree(['b.txt', '.dockerignore', 'cmd/server/main.go', 'cmd/client/main.go', 'a/x']);
    expect(tree.map((n) => `${n.kind}:${n.path}`)).toEqual(['dir:a', 'dir:cmd', 'file:.dockerignore', 'file:b.txt']);
    const cmd = tree[1]!;
    expect(cmd.kind === 'dir' && cmd.children.map((c) => `${c.path}@${c.depth}`)).toEqual(['cmd/client@1', 'cmd/server@1']);
    expect(isDirectory(['cmd/client/main.go'], 'cmd')).toBe(true);
    expect(isDirectory(['cmd/client/main.go'], 'cm')).toBe(false);
  });
});

describe('seed', () => {
  it('is the lesson project, dotfiles included, byte for byte', async () => {
    const { readFile } = await import('node:fs/promises');
    const files = seedFiles();
    expect([...files.keys()]).toEqual([
      '.dockerignore',
      'Dockerfile',
      'cmd/client/main.go',
      'cmd/server/main.go',
      'go.mod',
      'go.sum',
      'internal/greeting/greeting.go',
      'internal/greeting/greeting_test.go',
    ]);
    for (const [path, text] of files) expect(text).toBe(await readFile(new URL(`../../../../lessons/project/${path}`, import.meta.url), 'utf8'));
  });
});
