import { describe, expect, it } from 'vitest';
import type { BuildRecord } from '#engine/lessons';
import { buildxSnippet, recordOf, shellQuote } from './build-snippet.ts';

function record(command: string, refs: string[], ok = true): BuildRecord {
  return {
    command, ok, tags: [], events: [], outputs: [],
    images: refs.map((ref) => ({ ref, size: 1, entrypoint: [], files: [], platforms: ['linux/amd64'] })),
  };
}

describe('buildxSnippet', () => {
  it('rewrites the typed line as docker buildx build with the flags that shape the image, and --load', () => {
    const r = record("docker build --tag=buildme-client --target=client --build-arg GO_VERSION=1.21 --progress=plain --jobs 2 --platform linux/arm64 --label 'org.x=a b' . 2> log.txt", ['buildme-client']);
    expect(buildxSnippet(r)).toBe("docker buildx build --target=client --platform=linux/arm64 --build-arg GO_VERSION=1.21 --label 'org.x=a b' -t buildme-client --load .");
    expect(buildxSnippet(record('docker build -f docker/Dockerfile -t a -t b:v1 --no-cache ctx', ['a']))).toBe('docker buildx build --file=docker/Dockerfile --no-cache -t a -t b:v1 --load ctx');
  });

  it('keeps only docker build lines it can read', () => {
    expect(buildxSnippet(record('ls -l', []))).toBeUndefined();
    expect(buildxSnippet(record('docker build --bogus .', []))).toBeUndefined();
  });

  it('quotes words the shell would split', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('A=1')).toBe('A=1');
  });
});

describe('recordOf', () => {
  it('finds the newest successful build that stored the image, under any spelling of its name', () => {
    const builds = [record('docker build -t buildme .', ['buildme']), record('docker build -t buildme --target=client .', ['buildme:latest']), record('docker build -t buildme --target=x .', ['buildme'], false)];
    expect(recordOf(builds, 'buildme:latest')!.command).toBe('docker build -t buildme --target=client .');
    expect(recordOf(builds, 'docker.io/library/buildme')!.command).toBe('docker build -t buildme --target=client .');
    expect(recordOf(builds, 'other:latest')).toBeUndefined();
  });
});
