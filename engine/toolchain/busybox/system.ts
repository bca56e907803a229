import type { Applet, Proc } from '../process/proc.ts';
import { getopt } from '../process/proc.ts';
import { nowOf } from './ls.ts';
import { resolvePath } from '../process/path.ts';
import { DEFAULT_HOSTNAME } from '../types.ts';

const MACHINES: Record<string, string> = { amd64: 'x86_64', arm64: 'aarch64', 'arm/v7': 'armv7l', 'arm/v6': 'armv6l', '386': 'i686', ppc64le: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };

/** `uname` machine name for a platform like `linux/arm64`. */
export function machineOf(platform: string): string {
  const arch = platform.split('/').slice(1).join('/');
  return MACHINES[arch] ?? MACHINES[arch.split('/')[0]!] ?? arch;
}

/** Kernel facts reported inside the sandbox (the node name is the process's hostname). */
const KERNEL = { sys: 'Linux', release: '6.6.0-stageplay', version: '#1 SMP PREEMPT_DYNAMIC', os: 'Linux' };

/** `uname [-asnrvmo]`. */
export const uname: Applet = (argv, p) => {
  const o = getopt(argv.slice(1), 'asnrvmpio');
  if (o.bad) return (p.err(`uname: ${o.bad}\n`), 1);
  const f = o.flags;
  const m = machineOf(p.platform);
  const all = f.has('a');
  const parts: string[] = [];
  if (all || f.has('s') || f.size === 0) parts.push(KERNEL.sys);
  if (all || f.has('n')) parts.push(p.hostname ?? DEFAULT_HOSTNAME);
  if (all || f.has('r')) parts.push(KERNEL.release);
  if (all || f.has('v')) parts.push(KERNEL.version);
  if (all || f.has('m')) parts.push(m);
  if (f.has('p')) parts.push('unknown');
  if (f.has('i')) parts.push('unknown');
  if (all || f.has('o')) parts.push(KERNEL.os);
  p.out(parts.join(' ') + '\n');
  return 0;
};

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** strftime subset over a UTC time. */
export function strftime(fmt: string, secs: number): string {
  const d = new Date(secs * 1000);
  const z = (n: number, w = 2): string => String(n).padStart(w, '0');
  const map: Record<string, () => string> = {
    Y: () => String(d.getUTCFullYear()),
    y: () => z(d.getUTCFullYear() % 100),
    m: () => z(d.getUTCMonth() + 1),
    d: () => z(d.getUTCDate()),
    e: () => String(d.getUTCDate()).padStart(2, ' '),
    H: () => z(d.getUTCHours()),
    M: () => z(d.getUTCMinutes()),
    S: () => z(d.getUTCSeconds()),
    a: () => DAYS[d.getUTCDay()]!,
    b: () => MONTHS[d.getUTCMonth()]!,
    h: () => MONTHS[d.getUTCMonth()]!,
    Z: () => 'UTC',
    z: () => '+0000',
    s: () => String(secs),
    j: () => z(Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400000) + 1, 3),
    F: () => `${d.getUTCFullYear()}-${z(d.getUTCMonth() + 1)}-${z(d.getUTCDate())}`,
    T: () => `${z(d.getUTCHours())}:${z(d.getUTCMinutes())}:${z(d.getUTCSeconds())}`,
    n: () => '\n',
    t: () => '\t',
    '%': () => '%',
  };
  return fmt.replace(/%([a-zA-Z%])/g, (m, c: string) => map[c]?.() ?? m);
}

/** `date [-u] [+FORMAT]`: the time is SOURCE_DATE_EPOCH (or 0), never the host clock. */
export const date: Applet = (argv, p) => {
  const fmt = argv.slice(1).find((a) => a.startsWith('+'));
  const t = nowOf(p);
  p.out(strftime(fmt ? fmt.slice(1) : '%a %b %e %H:%M:%S %Z %Y', t) + '\n');
  return 0;
};

/** Number of CPUs the sandbox reports. */
export const nproc: Applet = (_a, p) => {
  p.out('4\n');
  return 0;
};

/** `sleep N[smhd]`: adds modeled time only. */
export const sleep: Applet = (argv, p) => {
  let ms = 0;
  for (const a of argv.slice(1)) {
    const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(a);
    if (!m) {
      p.err(`sleep: invalid number '${a}'\n`);
      return 1;
    }
    ms += Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as ''] * 1000;
  }
  if (argv.length < 2) return (p.err('sleep: missing operand\n'), 1);
  p.spend(ms);
  return 0;
};

/** `env [-i] [-u NAME] [NAME=VALUE]... [COMMAND ARGS]`. */
export const env: Applet = async (argv, p) => {
  let i = 1;
  const vars = new Map(p.env);
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-i' || a === '-') vars.clear();
    else if (a === '-u') vars.delete(argv[++i] ?? '');
    else if (/^[^=]+=/.test(a)) vars.set(a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1));
    else break;
  }
  if (i >= argv.length) {
    for (const [k, v] of vars) p.out(`${k}=${v}\n`);
    return 0;
  }
  if (!p.exec) return (p.err(`env: can't execute '${argv[i]}': No such file or directory\n`), 127);
  return p.exec(argv.slice(i), vars);
};

/** `which NAME...`: the first executable on PATH. */
export const which: Applet = (argv, p) => {
  let status = 0;
  for (const n of argv.slice(1)) {
    let found: string | undefined;
    if (n.includes('/')) {
      const st = p.fs.stat(resolvePath(p.cwd, n));
      if (st?.type === 'file' && st.mode & 0o111) found = n;
    } else
      for (const dir of (p.env.get('PATH') ?? '').split(':')) {
        const path = resolvePath(p.cwd, `${dir || '.'}/${n}`);
        const st = p.fs.stat(path);
        if (st?.type === 'file' && st.mode & 0o111) {
          found = `${dir}/${n}`;
          break;
        }
      }
    if (found) p.out(found + '\n');
    else status = 1;
  }
  return status;
};

/** `xargs [-n N] [-I STR] [COMMAND [ARGS]]` (default command: echo). */
export const xargs: Applet = async (argv, p) => {
  const o = getopt(argv.slice(1), 'rt0', 'nIL');
  if (o.bad) return (p.err(`xargs: ${o.bad}\n`), 1);
  const cmd = o.rest.length ? o.rest : ['echo'];
  const text = p.stdin.readAll();
  const items = o.flags.has('0') ? text.split('\0').filter((s) => s) : (text.match(/"[^"]*"|'[^']*'|\S+/g) ?? []).map((s) => s.replace(/^["']|["']$/g, ''));
  if (items.length === 0 && o.flags.has('r')) return 0;
  if (!p.exec) return 127;
  const rep = o.values.get('I');
  const batches: string[][] = [];
  if (rep !== undefined) {
    for (const l of text.split('\n').filter((s) => s.trim())) batches.push(cmd.map((a) => a.split(rep).join(l.trim())));
  } else {
    const n = o.values.has('n') ? Math.max(1, Number(o.values.get('n'))) : Math.max(1, items.length);
    for (let i = 0; i < Math.max(1, items.length); i += n) batches.push([...cmd, ...items.slice(i, i + n)]);
  }
  let status = 0;
  for (const b of batches) {
    if (o.flags.has('t')) p.err(b.join(' ') + '\n');
    const st = await p.exec(b);
    if (st === 127) return 127;
    if (st !== 0) status = 123;
  }
  return status;
};

/** `true`, `false`, `pwd`, `hostname`. */
export const trueApplet: Applet = () => 0;
export const falseApplet: Applet = () => 1;
export const pwd: Applet = (_a, p: Proc) => (p.out(p.cwd + '\n'), 0);
export const hostname: Applet = (_a, p) => (p.out((p.hostname ?? DEFAULT_HOSTNAME) + '\n'), 0);
