import { describe, expect, it } from 'vitest';
import { imageRows, splitRef } from './image-rows.ts';

const now = Date.parse('2026-01-01T12:00:00Z');

describe('imageRows', () => {
  it('formats rows as docker images does, newest first', () => {
    const rows = imageRows([
      { ref: 'buildme:latest', id: 'sha256:aeebf88cee7c26858d38fec44f4132f7aba2918bade5aeb264b8a88cfe07764a', size: 4_251_000, created: now - 5_000, platforms: ['linux/amd64'] },
      { ref: 'buildme:golang', id: 'sha256:0123456789abcdef', size: 150_400_000, created: now - 90_000, platforms: ['linux/amd64'] },
      { ref: '<none>:<none>', id: 'sha256:ffffffffffffffff', size: 707_000, created: now - 3 * 3_600_000, platforms: [] },
    ], now);
    expect(rows.map((r) => [r.repository, r.tag, r.shortId, r.created, r.size])).toEqual([
      ['buildme', 'latest', 'aeebf88cee7c', '5 seconds ago', '4.25MB'],
      ['buildme', 'golang', '0123456789ab', 'About a minute ago', '150MB'],
      ['<none>', '<none>', 'ffffffffffff', '3 hours ago', '707kB'],
    ]);
  });

  it('gives every row its own key, and a dangling image its short ID as the reference panels use', () => {
    const img = (id: string, ref: string) => ({ ref, id: `sha256:${id.repeat(64)}`, size: 1, created: now, platforms: ['linux/amd64'] });
    const rows = imageRows([img('a', '<none>:<none>'), img('b', '<none>:<none>'), img('c', 'app:v1'), img('c', 'app:latest'), img('d', 'app:v2')], now);
    expect(new Set(rows.map((r) => r.key)).size).toBe(5);
    expect(rows.map((r) => r.target)).toEqual(['<none>:<none>', '<none>:<none>', 'app:latest', 'app:v1', 'app:v2'].map((ref, i) => (ref.startsWith('<none>') ? 'ab'[i]!.repeat(12) : ref)));
  });

  it('splits the tag after the last slash only', () => {
    expect(splitRef('localhost:5000/team/app:v1')).toEqual({ repository: 'localhost:5000/team/app', tag: 'v1' });
    expect(splitRef('localhost:5000/app')).toEqual({ repository: 'localhost:5000/app', tag: 'latest' });
  });
});
