import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sh } from '../sh/fixture.test-util.ts';

/**
 * Outputs of the real busybox (1.35, `busybox sh -c`) for text-processing command lines,
 * recorded in testdata. When a busybox is installed, the recording is re-checked live.
 */
const RECORDED = JSON.parse(readFileSync(new URL('./testdata/real-busybox.json', import.meta.url), 'utf8')) as [string, string, number][];
const live = spawnSync('busybox', ['true']).status === 0;

describe('busybox applets match the real busybox', () => {
  it.each(RECORDED)('%s', async (cmd, stdout, code) => {
    const r = await sh(cmd);
    expect(r.stdout).toBe(stdout);
    expect(r.exitCode).toBe(code);
    if (live) {
      const real = spawnSync('busybox', ['sh', '-c', cmd], { encoding: 'utf8', cwd: mkdtempSync(join(tmpdir(), 'bb-')) });
      expect(real.stdout).toBe(stdout);
    }
  });

  it('formats ls -l like busybox (mode, links, size, date and name columns)', async () => {
    const script = 'mkdir -p d/sub && printf hello > d/f && chmod 640 d/f && ln -s f d/l && ls -l d';
    const r = await sh(`cd /tmp && ${script}`, { env: { SOURCE_DATE_EPOCH: '0' } });
    const sim = r.stdout.split('\n');
    expect(sim[0]).toBe('total 8');
    expect(sim.slice(1)).toEqual([
      '-rw-r-----    1 root     root             5 Jan  1 00:00 f',
      'lrwxrwxrwx    1 root     root             1 Jan  1 00:00 l -> f',
      'drwxr-xr-x    2 root     root          4096 Jan  1 00:00 sub',
      '',
    ]);
    if (live) {
      const dir = mkdtempSync(join(tmpdir(), 'bb-'));
      const real = spawnSync('busybox', ['sh', '-c', script], { encoding: 'utf8', cwd: dir }).stdout.split('\n');
      // owner names and dates differ between machines; the column layout must not
      const shape = (l: string) => l.replace(/^(\S+\s+\d+) \S+\s+\S+\s+/, '$1 U G ').replace(/ \w{3} [ \d]\d [ \d]\d:?\d\d /, ' DATE ');
      expect(real.slice(1).map(shape)).toEqual(sim.slice(1).map(shape));
    }
  });
});
