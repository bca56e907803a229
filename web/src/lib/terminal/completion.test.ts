import { describe, expect, it } from 'vitest';
import { completeLine } from './completion.ts';

describe('completeLine', () => {
  it('completes commands and docker subcommands', () => {
    expect(completeLine('do')).toEqual({ insert: 'cker ', options: [] });
    expect(completeLine('')).toEqual({ insert: '', options: ['clear', 'docker', 'help'] });
    expect(completeLine('docker bu')).toEqual({ insert: 'ild', options: ['build', 'buildx'] });
    expect(completeLine('docker buildx ')).toEqual({ insert: 'build ', options: [] });
    expect(completeLine('docker ima')).toEqual({ insert: 'ge', options: ['image', 'images'] });
  });

  it('completes build flags from the engine flag table and fixed values', () => {
    expect(completeLine('docker build --ch')).toEqual({ insert: 'eck ', options: [] });
    expect(completeLine('docker build --ca')).toEqual({ insert: 'll=', options: [] });
    expect(completeLine('docker build --call=t')).toEqual({ insert: 'argets ', options: [] });
    expect(completeLine('docker buildx build --no')).toEqual({ insert: '-cache ', options: [] });
    expect(completeLine('docker build --t').options).toEqual(['--tag', '--target']);
  });

  it('offers the context: . and workspace directories', () => {
    expect(completeLine('docker build --check ', ['cmd', 'internal'])).toEqual({ insert: '', options: ['.', 'cmd/', 'internal/'] });
    expect(completeLine('docker build --check c', ['cmd', 'internal'])).toEqual({ insert: 'md/', options: [] });
  });

  it('offers nothing it cannot run', () => {
    expect(completeLine('ls ')).toEqual({ insert: '', options: [] });
    expect(completeLine('docker images --q')).toEqual({ insert: 'uiet ', options: [] });
    expect(completeLine('docker rmi x')).toEqual({ insert: '', options: [] });
  });
});
