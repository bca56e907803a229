import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { planImport } from './import-plan.ts';
import { readZip } from './zip-import.ts';

describe('readZip', () => {
  it('reads files, skipping folders and macOS metadata', () => {
    const zip = zipSync({ 'project/': {}, 'project/Dockerfile': strToU8('FROM scratch\n'), 'project/cmd/main.go': strToU8('package main\n'), '__MACOSX/project/._Dockerfile': new Uint8Array([0, 5]) });
    const files = readZip(zip);
    expect(files.map((f) => f.name).sort()).toEqual(['project/Dockerfile', 'project/cmd/main.go']);
    const plan = planImport(new Map(), files, { mode: 'merge', stripTop: true });
    expect([...plan.files.keys()]).toEqual(['Dockerfile', 'cmd/main.go']);
  });

  it('refuses a zip whose files inflate past the limits before inflating them', () => {
    const zip = zipSync({ 'big.txt': new Uint8Array(100_000) }, { level: 9 });
    expect(zip.length).toBeLessThan(1000);
    expect(() => readZip(zip, { maxFiles: 10, maxFileBytes: 50_000, maxTotalBytes: 1 << 20 })).toThrow('big.txt is 97.7 KB: a file can be at most 48.8 KB');
    expect(() => readZip(zipSync({ a: new Uint8Array(10), b: new Uint8Array(10) }), { maxFiles: 1, maxFileBytes: 100, maxTotalBytes: 100 })).toThrow('more than 1 files');
  });

  it('gives a clear message for something that is not a zip', () => {
    expect(() => readZip(strToU8('hello, not a zip'))).toThrow('this is not a zip archive stageplay can read');
  });

  it('leaves unsafe names to planImport, which refuses them', () => {
    const files = readZip(zipSync({ '../evil.sh': strToU8('x') }));
    expect(() => planImport(new Map(), files, { mode: 'merge' })).toThrow('would write outside the workspace');
  });
});
