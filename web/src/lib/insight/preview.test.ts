import { describe, expect, it } from 'vitest';
import { projectFiles } from './fixtures.test-util.ts';
import { previewBuild, previewText } from './preview.ts';

const files = projectFiles();
const read = (p: string) => files.get(p);

describe('previewBuild', () => {
  it('keeps what --target=client needs and prunes the server stages, with the edges that link them', () => {
    const p = previewBuild('docker build --tag=buildme-client --target=client .', read)!;
    expect(p.error).toBeUndefined();
    expect(p.command).toBe('docker build --tag=buildme-client --target=client .');
    expect(p.dockerfile).toBe('Dockerfile');
    expect(p.builds).toEqual(['base', 'build-client', 'client']);
    expect(p.skips).toEqual(['build-server', 'server']);
    const label = (i: number) => p.layout.nodes.find((n) => n.index === i)!.label;
    expect(p.layout.links.map((l) => `${label(l.from)} -${l.kind}-> ${label(l.to)}`)).toEqual([
      'base -base-> build-client',
      'base -base-> build-server',
      'build-client -copy-> client',
      'build-server -copy-> server',
    ]);
    expect(p.layout.nodes.find((n) => n.target)!.label).toBe('client');
    expect(previewText(p)).toBe('--target=client builds base, build-client, client; skips build-server, server.');
  });

  it('builds the last stage without --target, and previews before the context is typed', () => {
    const p = previewBuild('docker build', read)!;
    expect(p.builds).toEqual(['base', 'build-server', 'server']);
    expect(previewText(p)).toBe('No --target: the last stage builds base, build-server, server; skips build-client, client.');
    expect(previewBuild('docker buildx build --target=client', read)!.skips).toEqual(['build-server', 'server']);
  });

  it("shows BuildKit's error for an unknown target, with its suggestion when one is within two edits", () => {
    const near = previewBuild('docker build --target=clent .', read)!;
    expect(near.error).toBe('ERROR: failed to solve: target stage "clent" could not be found (did you mean client?)');
    expect(near.builds).toEqual([]);
    // BuildKit suggests only within Levenshtein distance < 3: "cli" is 3 edits from "client"
    expect(previewBuild('docker build --target=cli .', read)!.error).toBe('ERROR: failed to solve: target stage "cli" could not be found');
  });

  it('reads the Dockerfile -f names, and says when it is missing', () => {
    const other = new Map([...files, ['docker/Build.Dockerfile', 'FROM alpine AS a\nFROM scratch AS b\nCOPY --from=a /etc/os-release /\nFROM a AS c\n']]);
    const p = previewBuild('docker build -f docker/Build.Dockerfile --target b .', (f) => other.get(f))!;
    expect(p.dockerfile).toBe('docker/Build.Dockerfile');
    expect(p.builds).toEqual(['a', 'b']);
    expect(p.skips).toEqual(['c']);
    expect(previewBuild('docker build -f nope.Dockerfile .', read)!.error).toBe('ERROR: failed to solve: failed to read dockerfile: open nope.Dockerfile: no such file or directory');
  });

  it('marks the edge a RUN --mount from= creates', () => {
    const df = 'FROM alpine AS tools\nFROM alpine AS other\nFROM alpine AS app\nRUN --mount=type=bind,from=tools,target=/t ls /t\n';
    const p = previewBuild('docker build --target=app .', (f) => (f === 'Dockerfile' ? df : undefined))!;
    expect(p.layout.links.map((l) => [l.from, l.to, l.kind, l.via])).toEqual([[0, 2, 'mount', 'RUN --mount=type=bind,from=tools,target=/t ls /t']]);
    expect(p.builds).toEqual(['tools', 'app']);
    expect(p.skips).toEqual(['other']);
  });

  it('previews only docker build lines, in a pipeline or after &&, and nothing for other or unfinished lines', () => {
    expect(previewBuild('ls -l', read)).toBeUndefined();
    expect(previewBuild('docker images', read)).toBeUndefined();
    expect(previewBuild('docker build --target="cli', read)).toBeUndefined();
    expect(previewBuild('docker build --target', read)).toBeUndefined();
    expect(previewBuild('cd . && docker build --target=server . 2> log.txt', read)!.builds).toEqual(['base', 'build-server', 'server']);
  });

  it('expands FROM with the line\'s --build-arg', () => {
    const df = 'ARG BASE=one\nFROM alpine AS one\nFROM alpine AS two\nFROM ${BASE} AS final\n';
    const p = previewBuild('docker build --build-arg BASE=two .', (f) => (f === 'Dockerfile' ? df : undefined))!;
    expect(p.builds).toEqual(['two', 'final']);
    expect(p.skips).toEqual(['one']);
  });
});
