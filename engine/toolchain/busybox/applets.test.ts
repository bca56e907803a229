import { describe, expect, it } from 'vitest';
import { sh } from '../sh/fixture.test-util.ts';
import { busybox } from '../multicall/busybox.ts';
import { alpineLike, resolverFor } from '../sh/fixture.test-util.ts';
import { parseMode } from './mode.ts';
import { gunzipSync, gzipSync } from 'node:zlib';
import { nodeDeps } from '../../platform/node.ts';

/** [script, stdout, exit code, stderr?] run on a fresh alpine-like overlay as root. */
const CASES: [string, string, number, string?][] = [
  // files
  ['mkdir /tmp/a && mkdir /tmp/a', '', 1, "mkdir: can't create directory '/tmp/a': File exists\n"],
  ['mkdir /tmp/x/y', '', 1, "mkdir: can't create directory '/tmp/x/y': No such file or directory\n"],
  ['mkdir -p /tmp/x/y/z && ls /tmp/x/y', 'z\n', 0],
  ['mkdir -m 700 /tmp/m && ls -ld /tmp/m | cut -c1-10', 'drwx------\n', 0],
  ['touch /tmp/t && ls /tmp', 't\n', 0],
  ['touch /nope/x', '', 1, 'touch: /nope/x: No such file or directory\n'],
  ['rm /tmp/none', '', 1, "rm: can't remove '/tmp/none': No such file or directory\n"],
  ['rm -f /tmp/none; echo $?', '0\n', 0],
  ['mkdir -p /tmp/d/e; rm /tmp/d', '', 1, "rm: '/tmp/d' is a directory\n"],
  ['mkdir -p /tmp/d/e; touch /tmp/d/e/f; rm -rf /tmp/d; ls /tmp', '', 0],
  ['echo hi > /tmp/s; cp /tmp/s /tmp/c; cat /tmp/c', 'hi\n', 0],
  ['mkdir /tmp/d; cp /tmp/d /tmp/e', '', 1, "cp: omitting directory '/tmp/d'\n"],
  ['mkdir -p /tmp/d/s; echo x > /tmp/d/s/f; cp -r /tmp/d /tmp/e; cat /tmp/e/s/f', 'x\n', 0],
  ['mkdir /tmp/d; echo x > /tmp/d/f; chown 5:6 /tmp/d/f; cp -a /tmp/d /tmp/e; ls -ln /tmp/e | tail -n 1 | cut -c1-33', '-rw-r--r--    1 5        6       \n', 0],
  ['echo x > /tmp/f; mkdir /tmp/d; cp /tmp/f /tmp/d/; ls /tmp/d', 'f\n', 0],
  ['cp /tmp/nope /tmp/x', '', 1, "cp: can't stat '/tmp/nope': No such file or directory\n"],
  ['echo x > /tmp/f; mv /tmp/f /tmp/g; ls /tmp; cat /tmp/g', 'g\nx\n', 0],
  ['mv /tmp/nope /tmp/x', '', 1, "mv: can't rename '/tmp/nope': No such file or directory\n"],
  ['echo x > /tmp/f; mkdir /tmp/d; mv /tmp/f /tmp/d; ls /tmp/d', 'f\n', 0],
  ['ln -s /etc/passwd /tmp/p; head -n 1 /tmp/p; ls -l /tmp/p | cut -c1-10', 'root:x:0:0:root:/root:/bin/sh\nlrwxrwxrwx\n', 0],
  ['ln -s a /tmp/l; ln -s b /tmp/l', '', 1, 'ln: /tmp/l: File exists\n'],
  ['ln -s a /tmp/l; ln -sf b /tmp/l; ls -l /tmp/l | sed "s/.* -> //"', 'b\n', 0],
  ['touch /tmp/f; chmod 4751 /tmp/f; ls -l /tmp/f | cut -c1-10', '-rwsr-x--x\n', 0],
  ['touch /tmp/f; chmod u+x,g+w /tmp/f; ls -l /tmp/f | cut -c1-10', '-rwxrw-r--\n', 0],
  ['touch /tmp/f; chmod a-r /tmp/f; ls -l /tmp/f | cut -c1-10', '--w-------\n', 0],
  ['touch /tmp/f; chmod +x /tmp/f; ls -l /tmp/f | cut -c1-10', '-rwxr-xr-x\n', 0],
  ['chmod 755 /nope', '', 1, 'chmod: /nope: No such file or directory\n'],
  ['touch /tmp/f; chmod zz /tmp/f', '', 1, "chmod: invalid mode 'zz'\n"],
  ['touch /tmp/f; chown bin:nogroup /tmp/f; ls -l /tmp/f | cut -c17-33', 'bin      nogroup \n', 0],
  ['mkdir -p /tmp/r/s; touch /tmp/r/s/f; chown -R 7:7 /tmp/r; ls -ln /tmp/r/s | tail -n 1 | cut -c17-33', '7        7       \n', 0],
  ['touch /tmp/f; chown nobody2 /tmp/f', '', 1, 'chown: unknown user nobody2\n'],
  ['ls /nope', '', 2, 'ls: /nope: No such file or directory\n'],
  ['mkdir -p /tmp/l/d; touch /tmp/l/f /tmp/l/.h; ls /tmp/l; ls -a /tmp/l; ls -A /tmp/l; ls -F /tmp/l', 'd\nf\n.\n..\n.h\nd\nf\n.h\nd\nf\nd/\nf\n', 0],
  ['mkdir -p /tmp/l/d; touch /tmp/l/d/x /tmp/l/f; ls -R /tmp/l', '/tmp/l:\nd\nf\n\n/tmp/l/d:\nx\n', 0],
  ['ls -ld /tmp', 'drwxrwxrwt    2 root     root          4096 Jan  1 00:00 /tmp\n', 0],
  ['touch /tmp/f; rmdir /tmp', '', 1, "rmdir: '/tmp': Directory not empty\n"],
  ['mkdir /tmp/e; rmdir /tmp/e; ls /tmp', '', 0],
  // text
  ['cat /nope', '', 1, "cat: can't open '/nope': No such file or directory\n"],
  ['printf "a\\nb\\n" | cat -n', '     1\ta\n     2\tb\n', 0],
  // busybox 1.35, printf and awk alike: 0 pads a float with a precision, not an integer with one
  ['printf "%08.2f|%08.3d|%-6s|%05s|\\n" 3.14159 7 ab cd; awk \'BEGIN { printf "%08.2f|%08.3d|%-6s|%05s|\\n", 3.14159, 7, "ab", "cd" }\'', '00003.14|     007|ab    |   cd|\n00003.14|     007|ab    |   cd|\n', 0],
  ['printf "a\\n" | tee /tmp/t1 /tmp/t2 >/dev/null; cat /tmp/t1 /tmp/t2', 'a\na\n', 0],
  ['printf "x\\n" > /tmp/f; printf "y\\n" | tee -a /tmp/f >/dev/null; cat /tmp/f', 'x\ny\n', 0],
  ['wc -l /etc/passwd /etc/group', '        3 /etc/passwd\n        4 /etc/group\n        7 total\n', 0],
  ['head -n 1 /etc/passwd /etc/group', '==> /etc/passwd <==\nroot:x:0:0:root:/root:/bin/sh\n\n==> /etc/group <==\nroot:x:0:root\n', 0],
  ['printf "1\\n2\\n3\\n" | head -2', '1\n2\n', 0],
  ['printf "abcdef" | tail -c 3', 'def', 0],
  ['grep -q root /etc/passwd && echo found', 'found\n', 0],
  ['grep nope /etc/passwd', '', 1],
  ['grep root /nope', '', 2, 'grep: /nope: No such file or directory\n'],
  ['grep -l root /etc/passwd /etc/group', '/etc/passwd\n/etc/group\n', 0],
  ['mkdir -p /tmp/g/s; echo needle > /tmp/g/s/f; echo hay > /tmp/g/h; grep -r needle /tmp/g', '/tmp/g/s/f:needle\n', 0],
  ['printf "a\\nb\\n" > /tmp/f; sed -i "s/a/A/" /tmp/f; cat /tmp/f', 'A\nb\n', 0],
  ['sed "s/a/b" /etc/passwd', '', 1, "sed: unmatched '/'\n"],
  ['sed "k" /etc/passwd', '', 1, 'sed: unsupported command k\n'],
  ['printf "a b c\\n" | xargs -n 1 echo', 'a\nb\nc\n', 0],
  ['printf "x\\ny\\n" | xargs -I{} echo item-{}', 'item-x\nitem-y\n', 0],
  ['printf "f1 f2" | xargs touch && ls f1 f2', 'f1\nf2\n', 0],
  // system
  ['uname -m; uname -s; uname', 'x86_64\nLinux\nLinux\n', 0],
  ['date', 'Thu Jan  1 00:00:00 UTC 1970\n', 0],
  ['date +%Y-%m-%dT%H:%M:%S', '1970-01-01T00:00:00\n', 0],
  ['nproc', '4\n', 0],
  ['which ls sh; which nope', '/bin/ls\n/bin/sh\n', 1],
  ['env -i A=1 env', 'A=1\n', 0],
  ['env -i nope', '', 127, '/bin/sh: nope: not found\n'],
  ['id -u; id -g; id -un; whoami', '0\n0\nroot\nroot\n', 0],
  ['pwd; hostname', '/\nbuildkitsandbox\n', 0],
  ['busybox nope', '', 127, 'nope: applet not found\n'],
  // misc
  ['mkdir -p /tmp/f/a; touch /tmp/f/a/x.go /tmp/f/y.go /tmp/f/z.txt; cd /tmp && find f -name "*.go"', 'f/a/x.go\nf/y.go\n', 0],
  ['mkdir -p /tmp/f/a; touch /tmp/f/a/x; find /tmp/f -type d; find /tmp/f -maxdepth 1 -mindepth 1', '/tmp/f\n/tmp/f/a\n/tmp/f/a\n', 0],
  ['mkdir -p /tmp/f; touch /tmp/f/a /tmp/f/b; find /tmp/f -type f -exec echo got {} \\;; find /tmp/f -type f -exec echo all {} +', 'got /tmp/f/a\ngot /tmp/f/b\nall /tmp/f/a /tmp/f/b\n', 0],
  ['mkdir -p /tmp/f; touch /tmp/f/a.o /tmp/f/b.c; find /tmp/f -name "*.o" -delete; ls /tmp/f; find /tmp/f ! -name "*.c" -type f', 'b.c\n', 0],
  ['find /nope', '', 1, 'find: /nope: No such file or directory\n'],
  ['ln -s /etc /tmp/e; readlink /tmp/e; readlink -f /tmp/e/passwd; realpath /tmp/e/../etc/group', '/etc\n/etc/passwd\n/etc/group\n', 0],
  ['d=$(mktemp -d); f=$(mktemp); ls -ld $d | cut -c1-10; ls -l $f | cut -c1-10; case $f in /tmp/tmp.*) echo tmp;; esac', 'drwx------\n-rw-------\ntmp\n', 0],
  ['echo hi | sha256sum; echo hi > /tmp/h; sha256sum /tmp/h', '98ea6e4f216f2fb4b69fff9b3a44842c38686ca685f3f55dc48c5d3fb1107be4  -\n98ea6e4f216f2fb4b69fff9b3a44842c38686ca685f3f55dc48c5d3fb1107be4  /tmp/h\n', 0],
  ['echo hi | sha1sum; echo hi | sha512sum; sha1sum /nope', '55ca6286e3e4f4fba5d0448333fa99fc5a404a73  -\nd78abb0542736865f94704521609c230dac03a2f369d043ac212d6933b91410e06399e37f9c5cc88436a31737330c1c8eccb2c2f9f374d62f716432a32d50fac  -\n', 1, "sha1sum: can't open '/nope': No such file or directory\n"],
  ['echo data | gunzip; echo $?', '1\n', 0, 'gunzip: invalid magic\n'],
  ['expr 3 + 4; expr length abc; expr 5 \\> 3; expr 1 / 0', '7\n3\n1\n', 2, 'expr: division by zero\n'],
  ['stat -c "%a %U %s %n" /etc/passwd', '644 root 107 /etc/passwd\n', 0],
  ['wget -q https://example.com/x.tgz', '', 1, "wget: bad address 'example.com'\n"],
  ['printf "a\\nb\\n" | tac; printf "abc\\n" | rev; arch; printenv HOME', 'b\na\ncba\nx86_64\n/root\n', 0],
  ['touch /tmp/f; chgrp nogroup /tmp/f; stat -c %G /tmp/f', 'nogroup\n', 0],
  ['awk -F: \'{print $1, $3}\' /etc/passwd | head -n 2; echo "a b c" | awk \'{print $NF, NF}\'', 'root 0\nbin 1\nc 3\n', 0],
  ['awk -F: \'/nobody/ {print $1}\' /etc/passwd; awk \'NR==2\' /etc/group', 'nobody\nbin:x:1:root,bin,daemon\n', 0],
  ['awk \'BEGIN { x = 1 }\'; awk \'BEGIN { x\'', '', 1, 'awk: cmd. line:1: Unexpected token\n'],
  ['awk \'function f(x) { return x }\'', '', 1, "awk: user-defined functions are not supported by stageplay's awk\n"],
  // busybox 1.35: a call with no definition is an error before any input is read
  ['echo x | awk \'{print foo(1)}\'; echo x | awk \'{print foo (1)}\'', '1\n', 0, 'awk: cmd. line:1: Call to undefined function\n'],
  ['echo data > /tmp/z; gzip /tmp/z; ls /tmp; zcat /tmp/z.gz; gunzip /tmp/z.gz; cat /tmp/z; gzip -k /tmp/z; ls /tmp; gunzip -c /tmp/z.gz', 'z.gz\ndata\ndata\nz\nz.gz\ndata\n', 0],
  ['echo x | gzip | gzip -d; echo y | gzip > /tmp/y.gz; zcat < /tmp/y.gz; cat /tmp/y.gz | gunzip', 'x\ny\ny\n', 0],
  ['mkdir -p /tmp/s; echo in > /tmp/s/f; cd /tmp && tar czf - s > /tmp/s.tgz && tar tzf /tmp/s.tgz && cat /tmp/s.tgz | tar xzf - -C /root && cat /root/s/f', 's/\ns/f\nin\n', 0],
  // users
  ['addgroup -S app && adduser -S -D -G app app && grep app /etc/passwd /etc/group', '/etc/passwd:app:x:100:100:Linux User,,,:/home/app:/bin/false\n/etc/group:app:x:100:app\n', 0],
  ['adduser -D -u 1234 -h /srv -s /bin/ash bob && grep bob /etc/passwd && ls -ld /srv | cut -c1-30', 'bob:x:1234:1234:Linux User,,,:/srv:/bin/ash\ndrwxr-sr-x    2 bob      bob  \n', 0],
  ['adduser -S svc && id svc', 'uid=100(svc) gid=65533(nogroup) groups=65533(nogroup)\n', 0],
  ['adduser -D root', '', 1, "adduser: user 'root' in use\n"],
  ['addgroup root', '', 1, "addgroup: group 'root' in use\n"],
  ['addgroup -g 2000 devs && adduser -D eve && addgroup eve devs && id eve', 'uid=1000(eve) gid=1000(eve) groups=1000(eve),2000(devs)\n', 0],
  // tar
  ['mkdir -p /tmp/src/sub; echo a > /tmp/src/sub/f; ln -s sub/f /tmp/src/l; cd /tmp && tar -czf /tmp/a.tgz src && tar -tzf /tmp/a.tgz', 'src/\nsrc/l\nsrc/sub/\nsrc/sub/f\n', 0],
  ['mkdir -p /tmp/src; echo a > /tmp/src/f; tar cf /tmp/a.tar -C /tmp src && mkdir /out && tar xf /tmp/a.tar -C /out && cat /out/src/f', 'a\n', 0],
  ['mkdir -p /tmp/src; echo a > /tmp/src/f; cd /tmp; tar czf a.tgz src; rm -rf src; tar xzf a.tgz; cat src/f', 'a\n', 0],
  ['tar xf /nope.tar', '', 1, "tar: can't open '/nope.tar': No such file or directory\n"],
];

describe('busybox applets', () => {
  it.each(CASES)('%s', async (script, stdout, code, stderr) => {
    const r = await sh(script, { cwd: '/' });
    expect(r.stdout).toBe(stdout);
    if (stderr !== undefined) expect(r.stderr).toBe(stderr);
    expect(r.exitCode).toBe(code);
  });

  it('refuses adduser for a non-root user', async () => {
    const r = await sh('adduser -D x', { user: { uid: 1000, gid: 1000, name: 'u' } });
    expect(r.stderr).toBe('adduser: permission denied (are you root?)\n');
    expect(r.exitCode).toBe(1);
  });

  it('creates files owned by the running user', async () => {
    const r = await sh('cd /tmp && touch f && mkdir d && echo x > g && ls -ln /tmp | tail -n 3 | cut -c17-33', { user: { uid: 1000, gid: 1000, name: 'u' } });
    expect(r.stdout).toBe('1000     1000    \n'.repeat(3));
  });

  it('reports uname -m from the platform', async () => {
    expect((await sh('uname -m', { platform: 'linux/arm64' })).stdout).toBe('aarch64\n');
    expect((await sh('uname -m', { platform: 'linux/arm/v7' })).stdout).toBe('armv7l\n');
  });

  it('gzip writes gzip that zlib reads, and reads what zlib writes (several members too)', async () => {
    const text = 'stageplay\n'.repeat(500);
    const r = await sh(`printf '%s' "$T" > /tmp/t; gzip /tmp/t; ls /tmp`, { env: { T: text } });
    expect(r.stdout).toBe('t.gz\n');
    const gz = r.fs.readFile('/tmp/t.gz');
    expect([gz[0], gz[1], gz[2]]).toEqual([0x1f, 0x8b, 8]);
    expect(new TextDecoder().decode(gunzipSync(gz))).toBe(text);
    const fs = alpineLike();
    fs.writeFile('/tmp/z.gz', new Uint8Array(Buffer.concat([gzipSync('one\n'), gzipSync('two\n')])), { mode: 0o644, uid: 0, gid: 0 });
    expect((await sh('zcat /tmp/z.gz; tar -czf /tmp/a.tgz -C /etc passwd', { fs })).stdout).toBe('one\ntwo\n');
    expect(new TextDecoder().decode(gunzipSync(fs.readFile('/tmp/a.tgz')).subarray(0, 6))).toBe('passwd');
  });

  it('runs as a multi-call program on argv[0] or argv[1]', async () => {
    const fs = alpineLike();
    let out = '';
    const ctx = { fs, env: new Map([['PATH', '/bin']]), cwd: '/', user: { uid: 0, gid: 0, name: 'root' }, platform: 'linux/amd64', stdout: (s: string) => (out += s), stderr: () => {}, programs: resolverFor({ busybox }), deps: nodeDeps };
    expect((await busybox.run(['/bin/echo', 'a'], ctx)).exitCode).toBe(0);
    expect((await busybox.run(['busybox', 'basename', '/x/y'], ctx)).exitCode).toBe(0);
    expect((await busybox.run(['/bin/sh', '-c', 'echo $((1+1))'], ctx)).exitCode).toBe(0);
    expect(out).toBe('a\ny\n2\n');
    expect((await busybox.run(['frob'], ctx)).exitCode).toBe(127);
  });

  it('parses octal and symbolic modes', () => {
    expect(parseMode('0755', 0)).toBe(0o755);
    expect(parseMode('u=rw,go=r', 0o777)).toBe(0o644);
    expect(parseMode('a+X', 0o644, true)).toBe(0o755);
    expect(parseMode('a+X', 0o644, false)).toBe(0o644);
    expect(parseMode('o-rwx', 0o777)).toBe(0o770);
    expect(parseMode('+t', 0o777, true)).toBe(0o1777);
    expect(parseMode('q+x', 0o644)).toBeUndefined();
  });
});
