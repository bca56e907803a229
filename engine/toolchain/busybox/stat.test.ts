/**
 * `stat` against what busybox prints (checked with BusyBox v1.35.0, Debian's busybox-static, on
 * the same files: formats, flags, file types and the default and terse layouts).
 */
import { describe, expect, it } from 'vitest';
import { sh } from '../sh/fixture.test-util.ts';

const SETUP = "cd /tmp && printf hello > f && : > e && mkdir -p d/s && ln -s f l && chmod 741 f && touch -d '2023-11-14 22:13:20' f; ";

const CASES: [string, string, string][] = [
  ['permissions in octal, with printf flags', 'stat -c "%a|%04a|%#a|%A" f e d l', '741|0741|0741|-rwxr----x\n644|0644|0644|-rw-r--r--\n755|0755|0755|drwxr-xr-x\n777|0777|0777|lrwxrwxrwx\n'],
  ['raw mode in hex and the file type (testSecretFileParams reads %f)', 'stat -c "%f %F" f e d l', '81e1 regular file\n81a4 regular empty file\n41ed directory\na1ff symbolic link\n'],
  ['owners by id and name', 'chown 100:102 f; stat -c "%u %g %U %G" f e', '100 102 100 102\n0 0 root root\n'],
  ['size, name, link target, links, blocks', 'stat -c "%s|%n|%N|%h|%b|%B|%o" f d l', "5|f|f|1|8|512|4096\n4096|d|d|3|8|512|4096\n1|l|'l' -> 'f'|1|0|512|4096\n"],
  ['times', 'stat -c "%y|%Y|%x|%Z" f', '2023-11-14 22:13:20.000000000 +0000|1700000000|2023-11-14 22:13:20.000000000 +0000|1700000000\n'],
  ['width, precision, left alignment; %% and an unknown spec', 'stat -c "%-5s|%5s|%10.3n|%-8U|%Q|%%" f', '5    |    5|         f|root    |Q|%\n'],
  ['touch -t, -d @seconds and -r set the time stat reads', 'touch -t 202311142213.20 a; touch -d @1700000001 b; touch -r a c; stat -c %Y a b c', '1700000000\n1700000001\n1700000000\n'],
  ['-L follows the link', 'stat -L -c "%F %s" l', 'regular file 5\n'],
];

describe('busybox stat', () => {
  it.each(CASES)('%s', async (_name, cmd, want) => {
    const r = await sh(SETUP + cmd);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(want);
  });
  it('the default and terse layouts (device and inode are the sandbox\'s own)', async () => {
    const r = await sh(SETUP + 'stat f; stat -t f');
    expect(r.stdout).toMatch(
      /^ {2}File: f\n {2}Size: 5 {9}\tBlocks: 8 {10}IO Block: 4096 {3}regular file\nDevice: 2eh\/46d\tInode: \d+ +Links: 1\nAccess: \(0741\/-rwxr----x\) {2}Uid: \( {4}0\/ {4}root\) {3}Gid: \( {4}0\/ {4}root\)\nAccess: 2023-11-14 22:13:20\.000000000 \+0000\nModify: 2023-11-14 22:13:20\.000000000 \+0000\nChange: 2023-11-14 22:13:20\.000000000 \+0000\nf 5 8 81e1 0 0 2e \d+ 1 0 0 1700000000 1700000000 1700000000 4096\n$/,
    );
  });
  it("a missing file is busybox's error and status 1", async () => {
    const r = await sh('stat -c %n /nope /etc/passwd');
    expect(r.stdout).toBe('/etc/passwd\n');
    expect(r.stderr).toBe("stat: can't stat '/nope': No such file or directory\n");
    expect(r.exitCode).toBe(1);
  });
});
