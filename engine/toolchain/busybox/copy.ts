import type { WorkFs } from '../../fs/types.ts';
import type { Applet, Proc } from '../process/proc.ts';
import { errText, getopt } from '../process/proc.ts';
import { baseName, dirName, joinPath, resolvePath } from '../process/path.ts';

const abs = (p: Proc, s: string): string => resolvePath(p.cwd, s);

function bad(p: Proc, name: string, msg: string): number {
  p.err(`${name}: ${msg}\n`);
  return 1;
}

/** Copies `from` to `to` (files, symlinks, directories when `rec`); `keep` preserves mode/owner/mtime. */
export function copyTree(fs: WorkFs, from: string, to: string, opts: { rec: boolean; keep: boolean; deref: boolean; uid: number; gid: number }): void {
  const st = opts.deref ? fs.stat(from) : fs.lstat(from);
  if (!st) return;
  const owner = opts.keep ? { uid: st.uid, gid: st.gid, mtime: st.mtime } : { uid: opts.uid, gid: opts.gid };
  if (st.type === 'symlink') {
    if (fs.lstat(to)) fs.rm(to);
    fs.symlink(fs.readlink(from), to, owner);
  } else if (st.type === 'dir') {
    const existed = fs.stat(to) !== undefined;
    if (!existed) fs.mkdir(to, { mode: st.mode, ...owner });
    for (const n of fs.readdir(from)) copyTree(fs, joinPath(from, n), joinPath(to, n), { ...opts, deref: false });
    // busybox `copy_file` preserve_mode_ugid_time: `cp -a dir/. existing` gives `existing` the source's mode and owner
    if (existed && opts.keep) {
      fs.chmod(to, st.mode);
      fs.chown(to, st.uid, st.gid);
    }
  } else {
    const dst = fs.stat(to);
    const mode = dst && !opts.keep ? dst.mode : st.mode;
    fs.writeFile(to, fs.readFile(from), { mode, ...owner });
  }
}

/** `cp [-rRaPpdf] src... dst`. */
export const cp: Applet = (argv, p) => {
  const o = getopt(argv.slice(1), 'rRaPpdfLHvnTu');
  if (o.bad) return bad(p, 'cp', o.bad);
  const f = o.flags;
  const rec = f.has('r') || f.has('R') || f.has('a');
  const keep = f.has('a') || f.has('p');
  const deref = !(f.has('a') || f.has('P') || f.has('d') || (rec && !f.has('L')));
  if (o.rest.length < 2) return bad(p, 'cp', 'missing file operand');
  const dst = o.rest[o.rest.length - 1]!;
  const srcs = o.rest.slice(0, -1);
  const dstAbs = abs(p, dst);
  const dstIsDir = p.fs.stat(dstAbs)?.type === 'dir';
  if (srcs.length > 1 && !dstIsDir) return bad(p, 'cp', `'${dst}' is not a directory`);
  let status = 0;
  for (const s of srcs) {
    const sAbs = abs(p, s);
    const st = p.fs.lstat(sAbs);
    if (!st || (deref && !p.fs.stat(sAbs))) {
      p.err(`cp: can't stat '${s}': No such file or directory\n`);
      status = 1;
      continue;
    }
    if ((deref ? p.fs.stat(sAbs)! : st).type === 'dir' && !rec) {
      p.err(`cp: omitting directory '${s}'\n`);
      status = 1;
      continue;
    }
    // busybox names the copy after the operand's last component as written: `cp -a dir/. dest` copies into dest itself
    const last = s.replace(/\/+$/, '').split('/').pop();
    const target = dstIsDir ? (last === '.' ? dstAbs : joinPath(dstAbs, baseName(sAbs))) : dstAbs;
    if (target === sAbs || target.startsWith(sAbs + '/')) {
      p.err(`cp: '${s}' and '${dst}' are the same file\n`);
      status = 1;
      continue;
    }
    try {
      if (p.fs.stat(dirName(target))?.type !== 'dir') throw Object.assign(new Error(), { code: 'ENOENT' });
      copyTree(p.fs, sAbs, target, { rec, keep, deref, uid: p.user.uid, gid: p.user.gid });
      p.spend(Math.min(50, st.size / 200e6));
    } catch (e) {
      const code = (e as { code?: string }).code;
      // busybox reports a full disk as a write error, a missing parent as can't create
      if (code === 'ENOSPC') p.err('cp: write error: No space left on device\n');
      else p.err(`cp: can't create '${dstIsDir ? joinPath(dst, baseName(sAbs)) : dst}': No such file or directory\n`);
      status = 1;
    }
  }
  return status;
};

/** `mv [-f] src... dst`. */
export const mv: Applet = (argv, p) => {
  const o = getopt(argv.slice(1), 'finvT');
  if (o.bad) return bad(p, 'mv', o.bad);
  if (o.rest.length < 2) return bad(p, 'mv', 'missing file operand');
  const dst = o.rest[o.rest.length - 1]!;
  const dstAbs = abs(p, dst);
  const dstIsDir = p.fs.stat(dstAbs)?.type === 'dir';
  let status = 0;
  for (const s of o.rest.slice(0, -1)) {
    const sAbs = abs(p, s);
    if (!p.fs.lstat(sAbs)) {
      p.err(`mv: can't rename '${s}': No such file or directory\n`);
      status = 1;
      continue;
    }
    const target = dstIsDir ? joinPath(dstAbs, baseName(sAbs)) : dstAbs;
    try {
      if (p.fs.lstat(target)?.type === 'file' || p.fs.lstat(target)?.type === 'symlink') p.fs.rm(target);
      p.fs.rename(sAbs, target);
    } catch (e) {
      p.err(`mv: can't rename '${s}': ${errText(e)}\n`);
      status = 1;
    }
  }
  return status;
};
