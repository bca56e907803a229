import { describe, expect, it } from 'vitest';
import { completeLine } from './completion.ts';

describe('completeLine', () => {
  it('completes commands and docker subcommands', () => {
    expect(completeLine('doc')).toEqual({ insert: 'ker ', options: [] });
    expect(completeLine('do')).toEqual({ insert: '', options: ['docker', 'download'] });
    expect(completeLine('').options).toEqual(expect.arrayContaining(['awk', 'cat', 'clear', 'docker', 'file', 'grep', 'help', 'ls', 'tree']));
    expect(completeLine('docker images | gre')).toEqual({ insert: 'p ', options: [] });
    expect(completeLine('cd cmd && docker bu')).toEqual({ insert: 'ild', options: ['build', 'buildx'] });
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

  it('offers the Dockerfile\'s stages for --target and local images for the image commands', () => {
    const known = { stages: ['base', 'build-client', 'build-server', 'client', 'server'], images: ['buildme:latest', 'buildme-client:latest'] };
    expect(completeLine('docker build --target=cl', [], known)).toEqual({ insert: 'ient ', options: [] });
    expect(completeLine('docker build --target build-', [], known)).toEqual({ insert: '', options: ['build-client', 'build-server'] });
    expect(completeLine('docker run --rm buildme-', [], known)).toEqual({ insert: 'client:latest ', options: [] });
    expect(completeLine('docker image rm b', [], known).options).toEqual(['buildme-client:latest', 'buildme:latest']);
    expect(completeLine('docker save -o ', [], known)).toEqual({ insert: '', options: [] });
    expect(completeLine('docker build --target=', [], {})).toEqual({ insert: '', options: [] });
  });

  it('offers nothing it cannot run', () => {
    expect(completeLine('ls ')).toEqual({ insert: '', options: [] });
    expect(completeLine('docker images --q')).toEqual({ insert: 'uiet ', options: [] });
    expect(completeLine('docker rmi x')).toEqual({ insert: '', options: [] });
  });
});
