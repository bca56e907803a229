import { describe, expect, it } from 'vitest';
import { sh } from '../sh/fixture.test-util.ts';

describe('dd', () => {
  it('copies blocks between files with skip, seek and count, and prints busybox\'s status lines', async () => {
    const r = await sh('printf 0123456789 > /in; dd if=/in of=/out bs=2 skip=1 count=3; cat /out; echo; dd if=/in of=/out bs=1 seek=2 count=2 conv=notrunc status=none; cat /out');
    expect(r.stdout).toBe('234567\n230167');
    expect(r.stderr).toMatch(/^3\+0 records in\n3\+0 records out\n6 bytes \(6B\) copied, 0\.\d{6} seconds, [\d.]+[KMG]?B\/s\n$/);
    expect(r.exitCode).toBe(0);
  });

  it('makes files from /dev/zero and /dev/urandom with bs= suffixes; reads stdin and writes stdout by default', async () => {
    const r = await sh('dd if=/dev/zero of=/z bs=1k count=3 status=noxfer; wc -c < /z; dd if=/dev/urandom of=/u bs=1M count=1 2>/dev/null; wc -c < /u; echo abcdef | dd bs=3 count=1 2>/dev/null');
    expect(r.stdout).toBe('3072\n1048576\nabc');
    expect(r.stderr).toBe('3+0 records in\n3+0 records out\n');
  });

  it('refuses what cannot end or does not fit, and bad operands', async () => {
    expect(await sh('dd if=/dev/zero of=/z')).toMatchObject({ exitCode: 1, stderr: 'dd: reading /dev/zero without count= never ends (stageplay stops it)\n' });
    expect((await sh('dd if=/dev/zero of=/z bs=1G count=1')).stderr).toMatch(/No space left on device\n$/);
    expect(await sh('dd if=/nope of=/z')).toMatchObject({ exitCode: 1, stderr: "dd: can't open '/nope': No such file or directory\n" });
    expect(await sh('dd bs=x')).toMatchObject({ exitCode: 1, stderr: "dd: invalid number 'x'\n" });
    expect(await sh('dd foo=1')).toMatchObject({ exitCode: 1, stderr: "dd: invalid argument 'foo=1'\n" });
  });
});

describe('yes', () => {
  it('answers a reader: yes | head, yes STRING', async () => {
    expect((await sh('yes | head -n 3; yes no way | head -n 1')).stdout).toBe('y\ny\ny\nno way\n');
  });

  it('ends after one pipe buffer, as SIGPIPE would end it', async () => {
    const r = await sh('set -o pipefail; yes | wc -c; echo $?');
    expect(r.stdout).toBe('65536\n141\n');
  });
});
