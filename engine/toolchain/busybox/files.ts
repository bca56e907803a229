import type { WorkFs } from '../../fs/types.ts';
import type { Applet, Proc } from '../process/proc.ts';
import { errText, getopt } from '../process/proc.ts';
import { baseName, joinPath, resolvePath } from '../process/path.ts';
import { parseMode } from './mode.ts';
import { nowOf } from './ls.ts';

const abs = (p: Proc, s: string): string => resolvePath(p.cwd, s);

function bad(p: Proc, name: string, msg: string): number {
  p.err(`${name}: ${msg}\n`);
  return 1;
}

/** `mkdir [-p] [-m MODE] dirs`. */
export const mkdir: Applet = (argv, p) => {
  const o = getopt(argv.slice(1), 'pv', 'm');
  if (o.bad) return bad(p, 'mkdir', o.bad);
  let status = 0;
  const mode = o.values.has('m') ? parseMode(o.values.get('m')!, 0o777) : 0o755;
  for (const d of o.rest) {
    const path = abs(p, d);
    try {
      if (o.flags.has('p')) {
        const st = p.fs.stat(path);
        if (st && st.type !== 'dir') throw Object.assign(new Error(), { code: 'EEXIST' });
        p.fs.mkdir(path, { recursive: true, mode: mode ?? 0o755, uid: p.user.uid, gid: p.user.gid });
      } else p.fs.mkdir(path, { mode: mode ?? 0o755, uid: p.user.uid, gid: p.user.gid });
    } catch (e) {
      let msg: string;
      try {
        msg = errText(e);
      } catch {
        msg = 'File exists';
      }
      p.err(`mkdir: can't create directory '${d}': ${msg}\n`);
      status = 1;
    }
  }
  return status;
};

/** `touch [-c] files` (mtime = the modeled now). */
export const touch: Applet = (argv, p) => {
  const o = getopt(argv.slice(1), 'cam', 'dtr');
  if (o.bad) return bad(p, 'touch', o.bad);
  let mtime = nowOf(p);
  const d = o.values.get('d');
  const t = o.values.get('t');
  const r = o.values.get('r');
  if (d !== undefined || t !== undefined) {
    const when = d !== undefined ? parseDateStr(d) : parseTouchStamp(t!, mtime);
    if (when === undefined) {
      p.err(`touch: invalid date '${d ?? t}'\n`);
      return 1;
    }
    mtime = when;
  } else if (r !== undefined) {
    const ref = p.fs.stat(abs(p, r));
    if (!ref) {
      p.err(`touch: ${r}: No such file or directory\n`);
      return 1;
    }
    mtime = ref.mtime;
  }
  let status = 0;
  for (const f of o.rest) {
    const path = abs(p, f);
    const st = p.fs.stat(path);
    try {
      if (st?.type === 'file') p.fs.writeFile(path, p.fs.readFile(path), { mode: st.mode, uid: st.uid, gid: st.gid, mtime });
      else if (!st && !o.flags.has('c')) p.fs.writeFile(path, new Uint8Array(), { mode: 0o644, uid: p.user.uid, gid: p.user.gid, mtime });
    } catch (e) {
      p.err(`touch: ${f}: ${errText(e)}\n`);
      status = 1;
    }
  }
  return status;
};

/** busybox `parse_datestr` (UTC): `@SECONDS`, `YYYY-MM-DD[ T]hh:mm[:ss]`, `YYYY-MM-DD`. */
export function parseDateStr(s: string): number | undefined {
  if (/^@-?\d+$/.test(s)) return Number(s.slice(1));
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (!m) return undefined;
  const [, y, mo, da, h = '0', mi = '0', se = '0'] = m;
  return Date.UTC(Number(y), Number(mo) - 1, Number(da), Number(h), Number(mi), Number(se)) / 1000;
}

/** `touch -t [[CC]YY]MMDDhhmm[.ss]` (UTC; no year: this year; a two-digit year is 1969-2068 as POSIX says). */
function parseTouchStamp(s: string, now: number): number | undefined {
  const m = /^(\d{2}|\d{4})?(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d{2}))?$/.exec(s);
  if (!m) return undefined;
  const [, yy, mo, da, h, mi, se = '0'] = m;
  let year = yy === undefined ? new Date(now * 1000).getUTCFullYear() : Number(yy);
  if (yy?.length === 2) year += year < 69 ? 2000 : 1900;
  return Date.UTC(year, Number(mo) - 1, Number(da), Number(h), Number(mi), Number(se)) / 1000;
}

/** `rm [-rfi] paths`. */
export const rm: Applet = (argv, p) => {
  const o = getopt(argv.slice(1), 'rRfiv');
  if (o.bad) return bad(p, 'rm', o.bad);
  const rec = o.flags.has('r') || o.flags.has('R');
  const force = o.flags.has('f');
  let status = 0;
  for (const f of o.rest) {
    const path = abs(p, f);
    const st = p.fs.lstat(path);
    if (!st) {
      if (!force) {
        p.err(`rm: can't remove '${f}': No such file or directory\n`);
        status = 1;
      }
      continue;
    }
    if (st.type === 'dir' && !rec) {
      p.err(`rm: '${f}' is a directory\n`);
      status = 1;
      continue;
    }
    if (path === '/') {
      p.err(`rm: can't remove '/'\n`);
      status = 1;
      continue;
    }
    p.fs.rm(path, { recursive: rec, force });
  }
  return status;
};

/** `rmdir [-p] dirs`. */
export const rmdir: Applet = (argv, p) => {
  const o = getopt(argv.slice(1), 'p');
  let status = 0;
  for (const d of o.rest) {
    try {
      const st = p.fs.lstat(abs(p, d));
      if (!st) throw new (class extends Error {})();
      if (st.type !== 'dir') {
        p.err(`rmdir: '${d}': Not a directory\n`);
        status = 1;
        continue;
      }
      if (p.fs.readdir(abs(p, d)).length) {
        p.err(`rmdir: '${d}': Directory not empty\n`);
        status = 1;
        continue;
      }
      p.fs.rm(abs(p, d), { recursive: true });
    } catch {
      p.err(`rmdir: '${d}': No such file or directory\n`);
      status = 1;
    }
  }
  return status;
};

/** `ln [-sfn] target [link]`. */
export const ln: Applet = (argv, p) => {
  const o = getopt(argv.slice(1), 'sfnvT');
  if (o.bad) return bad(p, 'ln', o.bad);
  if (o.rest.length < 1) return bad(p, 'ln', 'missing file operand');
  const targets = o.rest.length === 1 ? o.rest : o.rest.slice(0, -1);
  const last = o.rest.length === 1 ? '.' : o.rest[o.rest.length - 1]!;
  const lastAbs = abs(p, last);
  const intoDir = p.fs.stat(lastAbs)?.type === 'dir' && !(o.flags.has('n') && p.fs.lstat(lastAbs)?.type === 'symlink');
  let status = 0;
  for (const t of targets) {
    const link = intoDir ? joinPath(lastAbs, baseName(t)) : lastAbs;
    const shown = intoDir ? joinPath(last, baseName(t)) : last;
    try {
      if (p.fs.lstat(link)) {
        if (!o.flags.has('f')) {
          p.err(`ln: ${shown}: File exists\n`);
          status = 1;
          continue;
        }
        p.fs.rm(link);
      }
      if (o.flags.has('s')) p.fs.symlink(t, link, { uid: p.user.uid, gid: p.user.gid });
      else p.fs.link(abs(p, t), link);
    } catch (e) {
      p.err(`ln: ${o.flags.has('s') ? shown : t}: ${errText(e)}\n`);
      status = 1;
    }
  }
  return status;
};

function walk(fs: WorkFs, path: string, fn: (p: string) => void): void {
  fn(path);
  const st = fs.lstat(path);
  if (st?.type === 'dir') for (const n of fs.readdir(path)) walk(fs, joinPath(path, n), fn);
}

/** `chmod [-R] MODE files` (octal or symbolic `u+x,go-w,a=r`). */
export const chmod: Applet = (argv, p) => {
  const args = argv.slice(1);
  const rec = args[0] === '-R';
  const rest = rec ? args.slice(1) : args;
  const [spec, ...files] = rest;
  if (spec === undefined || files.length === 0) return bad(p, 'chmod', 'missing operand');
  let status = 0;
  for (const f of files) {
    const path = abs(p, f);
    if (!p.fs.stat(path)) {
      p.err(`chmod: ${f}: No such file or directory\n`);
      status = 1;
      continue;
    }
    const apply = (q: string): void => {
      const st = p.fs.lstat(q);
      if (!st || st.type === 'symlink') return;
      const m = parseMode(spec, st.mode, st.type === 'dir');
      if (m === undefined) throw new Error('mode');
      p.fs.chmod(q, m);
    };
    try {
      if (rec) walk(p.fs, path, apply);
      else apply(path);
    } catch {
      p.err(`chmod: invalid mode '${spec}'\n`);
      return 1;
    }
  }
  return status;
};

/** `chown [-Rh] USER[:GROUP] files` (names from /etc/passwd and /etc/group, or numbers). */
export const chown: Applet = (argv, p) => {
  const o = getopt(argv.slice(1), 'RhHLPfv');
  if (o.bad) return bad(p, 'chown', o.bad);
  const [spec, ...files] = o.rest;
  if (spec === undefined || files.length === 0) return bad(p, 'chown', 'missing operand');
  const [u, g] = spec.split(/[:.]/) as [string, string | undefined];
  const resolve = (file: string, name: string, col: number): number | undefined => {
    if (/^\d+$/.test(name)) return Number(name);
    const text = p.fs.stat(file) ? new TextDecoder().decode(p.fs.readFile(file)) : '';
    const row = text.split('\n').map((l) => l.split(':')).find((r) => r[0] === name);
    return row ? Number(row[col]) : undefined;
  };
  const uid = u === '' ? undefined : resolve('/etc/passwd', u, 2);
  if (u !== '' && uid === undefined) return bad(p, 'chown', `unknown user ${u}`);
  const gid = g === undefined || g === '' ? undefined : resolve('/etc/group', g, 2);
  if (g && gid === undefined) return bad(p, 'chown', `unknown group ${g}`);
  let status = 0;
  for (const f of files) {
    const path = abs(p, f);
    if (!p.fs.lstat(path)) {
      p.err(`chown: ${f}: No such file or directory\n`);
      status = 1;
      continue;
    }
    const apply = (q: string): void => {
      const st = p.fs.lstat(q)!;
      p.fs.chown(q, uid ?? st.uid, gid ?? st.gid);
    };
    if (o.flags.has('R')) walk(p.fs, path, apply);
    else apply(path);
  }
  return status;
};
