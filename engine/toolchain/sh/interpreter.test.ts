import { describe, expect, it } from 'vitest';
import { sh } from './fixture.test-util.ts';

/** [script, stdout, exit code, stderr (optional)] */
const CASES: [string, string, number, string?][] = [
  // quoting and expansion
  [`echo 'a  b' "c  d" e\\ f`, 'a  b c  d e f\n', 0],
  [`x='a b'; printf '[%s]' $x "$x"; echo`, '[a][b][a b]\n', 0],
  [`echo "\${u:-dflt} \${u-x} \${e:+set}"; e=1; echo \${e:+set}`, 'dflt x \nset\n', 0],
  [`v=hello.tar.gz; echo \${v%.gz} \${v%%.*} \${v#*.} \${v##*.} \${#v}`, 'hello.tar hello tar.gz gz 12\n', 0],
  [`: \${z:=assigned}; echo $z`, 'assigned\n', 0],
  [`echo $((3 + 4 * 2)) $((10 / 3)) $((7 % 3)) $(( (1 << 4) | 1 ))`, '11 3 1 17\n', 0],
  [`i=0; i=$((i+1)); echo $i`, '1\n', 0],
  [`set -- a 'b c' d; echo $#; for a in "$@"; do echo "<$a>"; done`, '3\n<a>\n<b c>\n<d>\n', 0],
  [`set -- x y; echo "$*" $0`, 'x y /bin/sh\n', 0],
  [`false; echo $?; true; echo $?`, '1\n0\n', 0],
  [`echo ~ ~/x "~"`, '/root /root/x ~\n', 0],
  [`a=1 b=2; echo $a$b`, '12\n', 0],
  [`echo "$(echo "nested $(echo deep)")"`, 'nested deep\n', 0],
  [`x=$(printf 'a\\n\\n\\n'); echo "[$x]"`, '[a]\n', 0],
  [`echo \`echo back\``, 'back\n', 0],
  // lists, and/or, pipes
  [`true && echo a || echo b; false && echo c || echo d`, 'a\nd\n', 0],
  [`echo one; echo two`, 'one\ntwo\n', 0],
  [`printf 'b\\na\\nc\\n' | sort | head -n 2`, 'a\nb\n', 0],
  [`echo x | false`, '', 1],
  [`! false`, '', 0],
  [`echo a | read v; echo "[$v]"`, '[]\n', 0],
  [`printf '1\\n2\\n' | while read n; do echo "n=$n"; done`, 'n=1\nn=2\n', 0],
  // redirections
  [`echo hi > /tmp/o; echo more >> /tmp/o; cat /tmp/o`, 'hi\nmore\n', 0],
  [`cat < /etc/group | head -n 1`, 'root:x:0:root\n', 0],
  [`ls /nope 2>/dev/null; echo $?`, '2\n', 0],
  [`ls /nope 2>&1 | wc -l`, '1\n', 0],
  [`echo err >&2`, '', 0, 'err\n'],
  [`{ echo a; echo b >&2; } > /tmp/g 2>&1; cat /tmp/g`, 'a\nb\n', 0],
  [`cat <<EOF\n$HOME is home\n\\$HOME\nEOF`, '/root is home\n$HOME\n', 0],
  [`cat <<'EOF'\n$HOME\nEOF`, '$HOME\n', 0],
  [`cat <<-EOF\n\tindented\n\tEOF\necho after`, 'indented\nafter\n', 0],
  [`> /tmp/empty; wc -c < /tmp/empty`, '0\n', 0],
  [`echo x > /nope/f`, '', 1, "/bin/sh: can't create /nope/f: nonexistent directory\n"],
  [`cat < /nope`, '', 1, "/bin/sh: can't open /nope: no such file\n"],
  [`echo x >&3`, '', 1, '/bin/sh: 3: Bad file descriptor\n'],
  // compound commands
  [`if false; then echo a; elif true; then echo b; else echo c; fi`, 'b\n', 0],
  [`for i in 1 2 3; do [ $i = 2 ] && continue; echo $i; done`, '1\n3\n', 0],
  [`i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo $i`, '3\n', 0],
  [`i=0; until [ $i -ge 2 ]; do i=$((i+1)); echo $i; done`, '1\n2\n', 0],
  [`for a in 1 2; do for b in x y; do [ $b = y ] && break 2; echo $a$b; done; done`, '1x\n', 0],
  [`case foo.go in *.txt) echo t;; *.go|*.mod) echo go;; *) echo other;; esac`, 'go\n', 0],
  [`case "a b" in "a b") echo quoted;; esac`, 'quoted\n', 0],
  [`(cd /etc; pwd); pwd`, '/etc\n/\n', 0],
  [`(exit 3); echo $?`, '3\n', 0],
  [`x=1; (x=2); echo $x`, '1\n', 0],
  [`{ x=2; }; echo $x`, '2\n', 0],
  [`greet() { echo "hi $1"; }; greet bob; greet`, 'hi bob\nhi \n', 0],
  [`f() { return 4; }; f; echo $?`, '4\n', 0],
  [`f() { local v=1; echo $#; }; f a b c`, '3\n', 0],
  [`v=outer; f() { local v=inner; echo $v; }; f; echo $v`, 'inner\nouter\n', 0],
  [`set -o pipefail; false | true; echo $?; set +o pipefail; false | true; echo $?`, '1\n0\n', 0],
  // builtins and state
  [`cd /etc && pwd && cd .. && pwd`, '/etc\n/\n', 0],
  [`cd /nope`, '', 2, "/bin/sh: cd: line 1: can't cd to /nope: No such file or directory\n"],
  [`export A=1; env | grep '^A='`, 'A=1\n', 0],
  [`B=2; env | grep -c '^B='`, '0\n', 1],
  [`GOOS=linux env | grep GOOS; echo "[$GOOS]"`, 'GOOS=linux\n[]\n', 0],
  [`X=1; unset X; echo "[\${X-unset}]"`, '[unset]\n', 0],
  [`exit 5; echo no`, '', 5],
  [`set -e; false; echo no`, '', 1],
  [`set -e; false || true; if false; then :; fi; echo yes`, 'yes\n', 0],
  [`set -e; (false); echo no`, '', 1],
  [`set -x; echo hi`, 'hi\n', 0, '+ echo hi\n'],
  [`set -u; echo $nope`, '', 2, '/bin/sh: nope: parameter not set\n'],
  [`eval 'echo evaluated; x=7'; echo $x`, 'evaluated\n7\n', 0],
  [`echo 'echo sourced' > /tmp/s.sh; . /tmp/s.sh`, 'sourced\n', 0],
  [`read a b <<EOF\none two three\nEOF\necho "$a|$b"`, 'one|two three\n', 0],
  [`shift 2`, '', 2, "/bin/sh: shift: line 1: can't shift that many\n"],
  [`type cd echo ls nope`, 'cd is a shell builtin\necho is a shell builtin\nls is /bin/ls\nnope: not found\n', 127],
  [`command -v ls`, '/bin/ls\n', 0],
  // command lookup
  [`foo`, '', 127, '/bin/sh: foo: not found\n'],
  [`/bin/nope arg`, '', 127, '/bin/sh: /bin/nope: not found\n'],
  [`echo a | nope`, '', 127, '/bin/sh: nope: not found\n'],
  [`PATH=/nowhere; ls`, '', 127, '/bin/sh: ls: not found\n'],
  [`/bin/busybox echo via-busybox`, 'via-busybox\n', 0],
  [`printf 'echo from-script $1\\n' > /tmp/x.sh; chmod +x /tmp/x.sh; /tmp/x.sh arg`, 'from-script arg\n', 0],
  [`echo 'echo in sh' > /tmp/y.sh; sh /tmp/y.sh; sh -c 'echo $0 $1' name one`, 'in sh\nname one\n', 0],
  [`echo hi > /tmp/noexec; /tmp/noexec`, '', 126, '/bin/sh: /tmp/noexec: Permission denied\n'],
  // globbing
  [`cd /etc; echo p* g*`, 'passwd group\n', 0],
  [`echo /etc/*.nomatch`, '/etc/*.nomatch\n', 0],
  [`echo '/etc/p*'`, '/etc/p*\n', 0],
  [`mkdir -p /tmp/gl/a /tmp/gl/b; touch /tmp/gl/a/1 /tmp/gl/b/2 /tmp/gl/.h; echo /tmp/gl/*/* /tmp/gl/*`, '/tmp/gl/a/1 /tmp/gl/b/2 /tmp/gl/a /tmp/gl/b\n', 0],
  [`set -f; echo /etc/p*`, '/etc/p*\n', 0],
  [`ls /etc/[gp]*`, '/etc/group\n/etc/passwd\n', 0],
  // syntax errors
  [`fi`, '', 2, '/bin/sh: syntax error: unexpected "fi"\n'],
  [`if true; then echo`, '', 2, '/bin/sh: syntax error: unexpected end of file (expecting "fi")\n'],
  [`echo "abc`, '', 2, '/bin/sh: syntax error: unterminated quoted string\n'],
  [`echo a; ;`, '', 2, '/bin/sh: syntax error: unexpected ";"\n'],
  [`for 1 in a; do :; done`, '', 2, '/bin/sh: syntax error: bad for loop variable\n'],
  [`echo \${x`, '', 2, "/bin/sh: syntax error: missing '}'\n"],
  [`if true; then echo a; done`, '', 2, '/bin/sh: syntax error: unexpected "done" (expecting "fi")\n'],
  [`echo $((1+))`, '', 2, '/bin/sh: arithmetic syntax error\n'],
  [`echo $((1/0))`, '', 2, '/bin/sh: divide by zero\n'],
  [`test 1 -eq a`, '', 2, 'sh: a: bad number\n'],
  [`[ a = b`, '', 2, 'sh: missing ]\n'],
];

describe('runShell', () => {
  it.each(CASES)('%s', async (script, stdout, code, stderr) => {
    const r = await sh(script);
    expect(r.stdout).toBe(stdout);
    expect(r.exitCode).toBe(code);
    if (stderr !== undefined) expect(r.stderr).toBe(stderr);
  });

  it('stops a runaway loop with a clear error instead of hanging', async () => {
    const r = await sh('while true; do :; done; echo never', { loopLimit: 500 });
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("/bin/sh: loop stopped after 500 iterations (stageplay's bound on loops)\n");
  });

  it('bounds recursion', async () => {
    const r = await sh('f() { f; }; f');
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('function nesting too deep');
  });

  it('runs other programs through ctx.programs with the exported environment', async () => {
    const seen: { argv: readonly string[]; env: string | undefined; stdin: string; cwd: string }[] = [];
    const fs = (await sh('true')).fs;
    fs.writeFile('/usr/local/bin/go', new TextEncoder().encode('stageplay-tool:go\n'), { mode: 0o755 });
    const r = await sh('cd /tmp && echo input | GOOS=linux go build -o app . && echo done', {
      fs,
      tools: {
        go: {
          name: 'go',
          async run(argv, ctx) {
            seen.push({ argv, env: ctx.env.get('GOOS'), stdin: new TextDecoder().decode(ctx.stdin), cwd: ctx.cwd });
            ctx.stdout('built\n');
            return { exitCode: 0, modeledMs: 1500 };
          },
        },
      },
    });
    expect(r.stdout).toBe('built\ndone\n');
    expect(seen).toEqual([{ argv: ['go', 'build', '-o', 'app', '.'], env: 'linux', stdin: 'input\n', cwd: '/tmp' }]);
    expect(r.modeledMs).toBeGreaterThan(1500);
  });

  it('stops at an aborted signal', async () => {
    const ac = new AbortController();
    ac.abort(new Error('build cancelled'));
    await expect(sh('echo never', { signal: ac.signal })).rejects.toThrow('build cancelled');
  });

  it('adds modeled time for sleep without waiting', async () => {
    const t = Date.now();
    const r = await sh('sleep 30');
    expect(Date.now() - t).toBeLessThan(1000);
    expect(r.modeledMs).toBeGreaterThanOrEqual(30_000);
  });

  it('labels errors of a script file with its line', async () => {
    const r = await sh("printf 'echo ok\\nnope\\n' > /tmp/s.sh; sh /tmp/s.sh");
    expect(r.stdout).toBe('ok\n');
    expect(r.stderr).toBe('/tmp/s.sh: line 2: nope: not found\n');
    expect(r.exitCode).toBe(127);
  });
});

describe('the run-wide command budget', () => {
  it('ends runaway recursion through pipelines (a fork bomb) with one message', async () => {
    const r = await sh('f() { f | f; }; f', { commandLimit: 5_000 });
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr.match(/stopped after 5000 commands/g)).toHaveLength(1);
  });
  it('bounds nested loops that each stay under the per-loop bound', async () => {
    const r = await sh('i=0; while [ $i -lt 1000 ]; do j=0; while [ $j -lt 1000 ]; do j=$((j+1)); done; i=$((i+1)); done', { commandLimit: 20_000 });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('stopped after 20000 commands');
  });
});
