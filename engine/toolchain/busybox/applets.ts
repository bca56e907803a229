import type { Applet } from '../process/proc.ts';
import { echo, printf } from './printf.ts';
import { test } from './test.ts';
import { ls } from './ls.ts';
import { chmod, chown, ln, mkdir, rm, rmdir, touch } from './files.ts';
import { cp, mv } from './copy.ts';
import { basename, cat, cut, dirname, head, seq, sort, tail, tee, tr, uniq, wc } from './text.ts';
import { grep } from './grep.ts';
import { sed } from './sed.ts';
import { tar } from './tar.ts';
import { addgroup, adduser, id, whoami } from './users.ts';
import { find } from './find.ts';
import { awk } from './awk.ts';
import { diff } from './diff.ts';
import { gzip } from './gzip.ts';
import { arch, expr, groups, mktemp, nl, printenv, readlink, realpath, rev, sha1sum, sha256sum, sha512sum, sync, tac, unlink, usleep, wget } from './misc.ts';
import { date, env, falseApplet, hostname, nproc, pwd, sleep, trueApplet, uname, which, xargs } from './system.ts';
import { dd, yes } from './dd.ts';
import { stat } from './stat.ts';
import { cmp } from './cmp.ts';
import { mount } from './mount.ts';

/**
 * The busybox applets stageplay simulates, by name. `sh`/`ash` are not here: the busybox
 * program (`../multicall`) runs the shell for them, and hands this table to the shell
 * (`ShellOptions.applets`), which does not import it.
 */
export const APPLETS: Readonly<Record<string, Applet>> = {
  echo,
  printf,
  test,
  '[': test,
  '[[': test,
  ls,
  mkdir,
  rmdir,
  touch,
  rm,
  cp,
  mv,
  ln,
  chmod,
  chown,
  cat,
  wc,
  head,
  tail,
  sort,
  uniq,
  tr,
  cut,
  tee,
  basename,
  dirname,
  seq,
  grep,
  egrep: (argv, p) => grep([argv[0]!, '-E', ...argv.slice(1)], p),
  fgrep: (argv, p) => grep([argv[0]!, '-F', ...argv.slice(1)], p),
  sed,
  tar,
  adduser,
  addgroup,
  id,
  whoami,
  uname,
  date,
  nproc,
  sleep,
  env,
  which,
  xargs,
  true: trueApplet,
  false: falseApplet,
  pwd,
  hostname,
  find,
  awk,
  diff,
  cmp,
  mount,
  gzip,
  gunzip: gzip,
  zcat: gzip,
  readlink,
  realpath,
  mktemp,
  sha1sum,
  sha256sum,
  sha512sum,
  printenv,
  stat,
  expr,
  tac,
  rev,
  nl,
  wget,
  arch,
  groups,
  sync,
  usleep,
  unlink,
  dd,
  yes,
  chgrp: (argv, p) => APPLETS.chown!([argv[0]!, ...argv.slice(1).map((a, i, all) => (i === all.findIndex((x) => !x.startsWith('-')) ? `:${a}` : a))], p),
};

/** Names of the applets (for base images that lay out `/bin/<applet> -> busybox`). */
export const APPLET_NAMES: readonly string[] = Object.keys(APPLETS).filter((n) => n !== '[[');
