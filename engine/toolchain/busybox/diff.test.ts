import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sh } from '../sh/fixture.test-util.ts';

const enc = new TextEncoder();

/** Two files in the fixture's /tmp, then `script` there. */
async function withFiles(a: string, b: string, script: string) {
  const r = await sh(`printf '%s' "$A" > /tmp/a; printf '%s' "$B" > /tmp/b; cd /tmp; ${script}`, { env: { A: a, B: b } });
  return r;
}

const CASES: [string, string][] = [
  ['a\nb\nc\nd\ne\nf\ng\nh\n', 'a\nB\nc\nd\ne\nf\ng\nh\ni\n'],
  ['1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n', '1\n2\nx\n4\n5\n6\n7\n8\n9\n10\n11\n12\n14\n15\n16\n'],
  ['x', 'y'],
  ['', 'new\n'],
  ['same\nend', 'same\nend\n'],
];

describe('diff', () => {
  it('prints busybox\'s unified diff and exits 1 when the files differ, 0 when they are the same', async () => {
    const r = await withFiles('a\nb\nc\n', 'a\nB\nc\n', 'diff a b; echo "rc=$?"; diff a a; echo "rc=$?"; diff -q a b');
    expect(r.stdout).toBe('--- a\n+++ b\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\nrc=1\nrc=0\nFiles a and b differ\n');
    const missing = await withFiles('', '', 'diff a nope');
    expect(missing).toMatchObject({ exitCode: 2, stderr: "diff: can't stat 'nope': No such file or directory\n" });
  });

  it.skipIf(!existsSync('/usr/bin/busybox'))('matches the real busybox diff byte for byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stageplay-diff-'));
    for (const [a, b] of CASES) {
      writeFileSync(join(dir, 'a'), enc.encode(a));
      writeFileSync(join(dir, 'b'), enc.encode(b));
      let real: string;
      try {
        real = execFileSync('/usr/bin/busybox', ['diff', 'a', 'b'], { cwd: dir, encoding: 'utf8' });
      } catch (e) {
        real = (e as { stdout: string }).stdout;
      }
      expect((await withFiles(a, b, 'diff a b')).stdout).toBe(real);
    }
  });
});
