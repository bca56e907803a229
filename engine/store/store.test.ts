import { describe, expect, it } from 'vitest';
import { ImageStore, formatHistory, formatImages, globMatch, humanDuration, matchesReference, type StoredImage } from './index.ts';

const NOW = Date.parse('2026-11-27T12:00:00Z');

function image(id: string, createdAgoMs: number, sizes: number[], tags: string[] = []): StoredImage {
  const created = new Date(NOW - createdAgoMs).toISOString();
  return {
    id: `sha256:${id.padEnd(64, '0')}`,
    repoTags: tags,
    created,
    layers: sizes.map((size, i) => ({ digest: `sha256:${String(i).padStart(64, 'a')}`, size, diffId: `sha256:${String(i).padStart(64, 'b')}`, uncompressedSize: size * 2 })),
    history: sizes.map((_, i) => ({ created, createdBy: `COPY /bin/server${i} /bin/ # buildkit`, comment: 'buildkit.dockerfile.v0', emptyLayer: false })),
    config: {},
    platforms: ['linux/amd64'],
  };
}

describe('ImageStore', () => {
  it('tags, moves tags, and resolves references and ID prefixes like Docker', () => {
    const s = new ImageStore();
    s.put(image('aa11', 5000, [100]), ['buildme']);
    s.put(image('bb22', 1000, [200]), ['buildme:latest', 'buildme-client']);
    expect(s.find('buildme')!.id.startsWith('sha256:bb22')).toBe(true);
    expect(s.find('docker.io/library/buildme-client:latest')!.id.startsWith('sha256:bb22')).toBe(true);
    expect(s.find('aa11')!.repoTags).toEqual([]); // the tag moved away: dangling
    expect(s.find('nope')).toBeUndefined();
    expect(s.list().map((i) => i.id.slice(7, 11))).toEqual(['bb22', 'aa11']);
  });

  it('rmi untags by name and deletes when no tag is left; by ID needs force with several tags', () => {
    const s = new ImageStore();
    s.put(image('cc33', 1000, [10]), ['a', 'b']);
    expect(() => s.remove('cc33')).toThrow('conflict: unable to delete cc3300000000 (must be forced) - image is referenced in multiple repositories');
    expect(s.remove('a')).toEqual(['Untagged: a:latest']);
    expect(s.remove('b:latest')).toEqual(['Untagged: b:latest', `Deleted: sha256:${'cc33'.padEnd(64, '0')}`]);
    expect(() => s.remove('b')).toThrow('No such image: b');
  });

  it('prunes dangling images', () => {
    const s = new ImageStore([image('dd44', 10, [1]), image('ee55', 10, [1], ['docker.io/library/keep:latest'])]);
    expect(s.prune()).toEqual([`sha256:${'dd44'.padEnd(64, '0')}`]);
    expect(s.list()).toHaveLength(1);
  });
});

describe('docker images / history output', () => {
  it('prints the classic table with compressed sizes and ages', () => {
    const s = new ImageStore();
    s.put(image('1234567890abcdef', 5_000, [4_250_000]), ['buildme-client']);
    s.put(image('abcdef1234567890', 65_000, [150_000_000]), ['buildme']);
    expect(formatImages(s.list(), NOW)).toBe(
      [
        'REPOSITORY       TAG       IMAGE ID       CREATED              SIZE',
        'buildme-client   latest    1234567890ab   5 seconds ago        4.25MB',
        'buildme          latest    abcdef123456   About a minute ago   150MB',
        '',
      ].join('\n'),
    );
  });

  it('filters exactly by repository, or by glob', () => {
    const s = new ImageStore();
    s.put(image('11', 1000, [1]), ['buildme']);
    s.put(image('22', 2000, [1]), ['buildme-client']);
    s.put(image('33', 3000, [1]), ['other:v1']);
    const repos = (p: string) => formatImages(s.list(), NOW, p).trim().split('\n').slice(1).map((l) => l.split(/\s+/)[0]);
    expect(repos('buildme')).toEqual(['buildme']);
    expect(repos('buildme*')).toEqual(['buildme', 'buildme-client']);
    expect(repos('other:v*')).toEqual(['other']);
    expect(repos('other:latest')).toEqual([]);
    expect(matchesReference('docker.io/library/buildme', 'docker.io/library/buildme:latest')).toBe(true);
    expect(globMatch('b[a-u]ildme', 'buildme')).toBe(true);
    expect(globMatch('b[!u]ildme', 'buildme')).toBe(false);
  });

  it('shows a dangling image as <none> only without a filter', () => {
    const s = new ImageStore([image('ff66', 1000, [1])]);
    expect(formatImages(s.list(), NOW)).toMatch(/\n<none> +<none> +ff6600000000 +1 second ago +1B\n/);
    expect(formatImages(s.list(), NOW, 'x').trim().split('\n')).toHaveLength(1);
  });

  it('prints history newest first, <missing> below the top, and truncates long commands', () => {
    const img = image('77', 1000, [7_900_000, 10]);
    const out = formatHistory(img, NOW).split('\n');
    expect(out[0]).toMatch(/^IMAGE\s+CREATED\s+CREATED BY\s+SIZE\s+COMMENT$/);
    expect(out[1]).toMatch(/^770000000000 {3}/);
    expect(out[1]).toContain('20B');
    expect(out[2]).toMatch(/^<missing> {4}/);
    expect(out[2]).toContain('15.8MB');
    expect(out[2]).toContain('buildkit.dockerfile.v0');
  });

  it('ages like go-units HumanDuration', () => {
    expect(humanDuration(500)).toBe('Less than a second');
    expect(humanDuration(1000)).toBe('1 second');
    expect(humanDuration(59_000)).toBe('59 seconds');
    expect(humanDuration(3 * 60_000)).toBe('3 minutes');
    expect(humanDuration(40 * 60_000)).toBe('40 minutes');
    expect(humanDuration(70 * 60_000)).toBe('About an hour');
    expect(humanDuration(5 * 86_400_000)).toBe('5 days');
    expect(humanDuration(20 * 86_400_000)).toBe('2 weeks');
    expect(humanDuration(90 * 86_400_000)).toBe('3 months');
    expect(humanDuration(800 * 86_400_000)).toBe('2 years');
  });
});
