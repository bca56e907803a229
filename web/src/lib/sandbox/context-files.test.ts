import { describe, expect, it } from 'vitest';
import { archiveName } from './workspace-place.ts';
import { contextFiles } from './context-files.ts';

describe('contextFiles', () => {
  it('turns the workspace under a directory into sorted files and parent directories', () => {
    const files = new Map([['a/go.mod', 'module x\n'], ['a/cmd/main.go', 'package main\n'], ['b/other', ''], ['Dockerfile', 'FROM scratch\n']]);
    const ctx = contextFiles(files, 'a', 100);
    expect(ctx.map((f) => [f.path, f.type, f.mode.toString(8)])).toEqual([
      ['cmd', 'dir', '755'],
      ['cmd/main.go', 'file', '644'],
      ['go.mod', 'file', '644'],
    ]);
    expect(new TextDecoder().decode(ctx[2]!.content)).toBe('module x\n');
    expect(contextFiles(files, '', 100).map((f) => f.path)).toEqual(['Dockerfile', 'a', 'a/cmd', 'a/cmd/main.go', 'a/go.mod', 'b', 'b/other']);
  });
});

describe('archiveName', () => {
  it('names a download after the image reference', () => {
    expect(archiveName('buildme')).toBe('buildme.tar');
    expect(archiveName('docker.io/library/buildme:latest')).toBe('buildme.tar');
    expect(archiveName('localhost:5000/team/app:v1.2')).toBe('app_v1.2.tar');
    expect(archiveName(undefined)).toBe('image.tar');
  });
});
