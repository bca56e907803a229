import { describe, expect, it } from 'vitest';
import { commonTopFolder, confinePath, ImportError, planImport } from './import-plan.ts';

const bytes = (s: string) => new TextEncoder().encode(s);
const current = new Map([
  ['Dockerfile', 'FROM scratch\n'],
  ['go.mod', 'module x\n'],
  ['cmd/a/main.go', 'package main\n'],
]);

describe('confinePath', () => {
  it('normalises relative names', () => {
    expect(confinePath('./cmd//client/main.go')).toBe('cmd/client/main.go');
    expect(confinePath('a/./b/')).toBe('a/b');
  });

  it.each([
    ['../etc/passwd', '".." would write outside the workspace'],
    ['a/../../b', '".." would write outside the workspace'],
    ['/etc/passwd', 'absolute paths are not allowed'],
    ['C:/Windows/x', 'absolute paths are not allowed'],
    ['cmd\\client\\main.go', 'backslashes are not allowed'],
    ['a\0b', 'cannot contain a NUL character'],
    ['./', 'a file needs a name'],
  ])('refuses %j', (name, message) => {
    expect(() => confinePath(name)).toThrow(ImportError);
    expect(() => confinePath(name)).toThrow(message);
  });
});

describe('commonTopFolder', () => {
  it('finds the one folder that holds everything', () => {
    expect(commonTopFolder(['project/Dockerfile', 'project/cmd/a.go'])).toBe('project');
    expect(commonTopFolder(['project/Dockerfile', 'other/a.go'])).toBe('');
    expect(commonTopFolder(['Dockerfile'])).toBe('');
    expect(commonTopFolder([])).toBe('');
  });
});

describe('planImport', () => {
  it('sorts a merge into added, replaced and unchanged, removing nothing', () => {
    const plan = planImport(current, [
      { name: 'up/Dockerfile', data: bytes('FROM alpine\n') },
      { name: 'up/go.mod', data: bytes('module x\n') },
      { name: 'up/README.md', data: bytes('# hi\n') },
    ], { mode: 'merge', stripTop: true });
    expect(plan).toMatchObject({ mode: 'merge', added: ['README.md'], replaced: ['Dockerfile'], unchanged: ['go.mod'], removed: [], skipped: [] });
    expect(plan.files.get('Dockerfile')).toBe('FROM alpine\n');
  });

  it('lists every current file a replace removes', () => {
    const plan = planImport(current, [{ name: 'Dockerfile', data: 'FROM busybox\n' }], { mode: 'replace' });
    expect(plan.removed).toEqual(['cmd/a/main.go', 'go.mod']);
    expect(plan.replaced).toEqual(['Dockerfile']);
  });

  it('skips files that are not UTF-8 text and says why', () => {
    const plan = planImport(current, [{ name: 'logo.png', data: new Uint8Array([0x89, 0x50, 0xff, 0xfe]) }], { mode: 'merge' });
    expect(plan.files.size).toBe(0);
    expect(plan.skipped).toEqual([{ name: 'logo.png', reason: 'not UTF-8 text (the workspace holds text files)' }]);
  });

  it('refuses the whole import when one name is unsafe', () => {
    expect(() => planImport(current, [{ name: 'ok.txt', data: 'x' }, { name: '../../escape', data: 'x' }], { mode: 'merge' })).toThrow('"../../escape": ".." would write outside the workspace');
  });

  it('applies the size and count limits with a clear message', () => {
    const limits = { maxFiles: 2, maxFileBytes: 4, maxTotalBytes: 6 };
    expect(() => planImport(current, [{ name: 'a', data: '12345' }], { mode: 'merge', limits })).toThrow('a is 5 B: a file can be at most 4 B');
    expect(() => planImport(current, [{ name: 'a', data: '1234' }, { name: 'b', data: '1234' }], { mode: 'merge', limits })).toThrow('the files add up to more than 6 B');
    expect(() => planImport(current, ['a', 'b', 'c'].map((name) => ({ name, data: '' })), { mode: 'merge', limits })).toThrow('3 files is too many: an import can hold at most 2');
  });

  it('refuses a file that would also be a directory', () => {
    expect(() => planImport(current, [{ name: 'Dockerfile/x', data: '' }], { mode: 'merge' })).toThrow('Dockerfile would be both a file and a directory (of Dockerfile/x)');
    expect(() => planImport(current, [{ name: 'a', data: '' }, { name: './a', data: '' }], { mode: 'merge' })).toThrow('a appears twice');
  });
});
