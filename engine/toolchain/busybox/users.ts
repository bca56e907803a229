import type { Applet, Proc } from '../process/proc.ts';
import { getopt, utf8 } from '../process/proc.ts';

/** Lines of an /etc file split on `:` (missing file: none). */
function table(p: Proc, path: string): string[][] {
  if (p.fs.stat(path)?.type !== 'file') return [];
  return utf8.decode(p.fs.readFile(path)).split('\n').filter((l) => l !== '').map((l) => l.split(':'));
}

function append(p: Proc, path: string, line: string): void {
  const st = p.fs.stat(path);
  const old = st ? utf8.decode(p.fs.readFile(path)) : '';
  const text = old === '' || old.endsWith('\n') ? old + line + '\n' : `${old}\n${line}\n`;
  p.fs.writeFile(path, utf8.encode(text), st ? { mode: st.mode, uid: st.uid, gid: st.gid } : { mode: 0o644, uid: 0, gid: 0 });
}

/** The name for `id` in /etc/passwd (or /etc/group), or the number itself. */
export function lookupName(p: Proc, file: '/etc/passwd' | '/etc/group', id: number): string {
  return table(p, file).find((r) => r[2] === String(id))?.[0] ?? String(id);
}

function freeId(used: Set<number>, from: number, to: number): number | undefined {
  for (let i = from; i <= to; i++) if (!used.has(i)) return i;
  return undefined;
}

function addMember(p: Proc, group: string, user: string): boolean {
  const rows = table(p, '/etc/group');
  const row = rows.find((r) => r[0] === group);
  if (!row) return false;
  const members = (row[3] ?? '').split(',').filter((m) => m);
  if (!members.includes(user)) members.push(user);
  row[3] = members.join(',');
  const st = p.fs.stat('/etc/group')!;
  p.fs.writeFile('/etc/group', utf8.encode(rows.map((r) => r.join(':')).join('\n') + '\n'), { mode: st.mode, uid: st.uid, gid: st.gid });
  return true;
}

/** `addgroup [-g GID] [-S] GROUP` or `addgroup USER GROUP` (busybox). */
export const addgroup: Applet = (argv, p) => {
  const o = getopt(argv.slice(1), 'S', 'g');
  if (o.bad || o.rest.length < 1 || o.rest.length > 2) {
    p.err(o.bad ? `addgroup: ${o.bad}\n` : 'BusyBox v1.36.1 multi-call binary.\n\nUsage: addgroup [-g GID] [-S] [USER] GROUP\n');
    return 1;
  }
  if (p.user.uid !== 0) {
    p.err('addgroup: permission denied (are you root?)\n');
    return 1;
  }
  if (o.rest.length === 2) {
    const [user, group] = o.rest as [string, string];
    if (!table(p, '/etc/passwd').some((r) => r[0] === user)) {
      p.err(`addgroup: unknown user ${user}\n`);
      return 1;
    }
    if (!addMember(p, group, user)) {
      p.err(`addgroup: unknown group ${group}\n`);
      return 1;
    }
    return 0;
  }
  const name = o.rest[0]!;
  const rows = table(p, '/etc/group');
  if (rows.some((r) => r[0] === name)) {
    p.err(`addgroup: group '${name}' in use\n`);
    return 1;
  }
  const used = new Set(rows.map((r) => Number(r[2])));
  let gid: number | undefined;
  if (o.values.has('g')) {
    gid = Number(o.values.get('g'));
    if (!Number.isInteger(gid) || gid < 0) {
      p.err(`addgroup: invalid number '${o.values.get('g')}'\n`);
      return 1;
    }
    if (used.has(gid)) {
      p.err(`addgroup: gid '${gid}' in use\n`);
      return 1;
    }
  } else gid = o.flags.has('S') ? freeId(used, 100, 999) : freeId(used, 1000, 256000);
  if (gid === undefined) {
    p.err('addgroup: no gids left\n');
    return 1;
  }
  append(p, '/etc/group', `${name}:x:${gid}:`);
  return 0;
};

/** `adduser [-h DIR] [-g GECOS] [-s SHELL] [-G GRP] [-DSH] [-u UID] USER [GROUP]` (busybox; -D is implied). */
export const adduser: Applet = (argv, p) => {
  const o = getopt(argv.slice(1), 'DSH', 'hgsGuk');
  if (o.bad || o.rest.length < 1 || o.rest.length > 2) {
    p.err(o.bad ? `adduser: ${o.bad}\n` : 'BusyBox v1.36.1 multi-call binary.\n\nUsage: adduser [OPTIONS] USER [GROUP]\n');
    return 1;
  }
  if (p.user.uid !== 0) {
    p.err('adduser: permission denied (are you root?)\n');
    return 1;
  }
  const name = o.rest[0]!;
  if (o.flags.size === 0 && o.values.size === 0 && o.rest[1]) return addgroup(['addgroup', name, o.rest[1]], p);
  const users = table(p, '/etc/passwd');
  const groups = table(p, '/etc/group');
  if (users.some((r) => r[0] === name)) {
    p.err(`adduser: user '${name}' in use\n`);
    return 1;
  }
  const system = o.flags.has('S');
  let usegroup = o.values.get('G');
  if (system && !usegroup) usegroup = 'nogroup';
  let gid = -1;
  if (usegroup) {
    const g = groups.find((r) => r[0] === usegroup) ?? groups.find((r) => r[2] === usegroup);
    if (!g) {
      p.err(`adduser: unknown group ${usegroup}\n`);
      return 1;
    }
    gid = Number(g[2]);
  }
  const usedU = new Set(users.map((r) => Number(r[2])));
  const usedG = new Set(groups.map((r) => Number(r[2])));
  let uid: number;
  if (o.values.has('u')) {
    uid = Number(o.values.get('u'));
    if (usedU.has(uid) || (gid === -1 && usedG.has(uid))) {
      p.err(`adduser: uid '${uid}' in use\n`);
      return 1;
    }
  } else {
    const max = system ? 999 : 256000;
    uid = system ? 100 : 1000;
    while (usedU.has(uid) || (gid === -1 && usedG.has(uid))) {
      if (uid === max) {
        p.err('adduser: no uids left\n');
        return 1;
      }
      uid++;
    }
  }
  if (gid === -1) {
    gid = uid;
    if (groups.some((r) => r[0] === name)) {
      p.err(`adduser: group '${name}' in use\n`);
      return 1;
    }
  }
  const home = o.values.get('h') ?? `/home/${name}`;
  const shell = o.values.get('s') ?? (system ? '/bin/false' : '/bin/sh');
  append(p, '/etc/passwd', `${name}:x:${uid}:${gid}:${o.values.get('g') ?? 'Linux User,,,'}:${home}:${shell}`);
  if (p.fs.stat('/etc/shadow')) append(p, '/etc/shadow', `${name}:!:${Math.floor(Number(p.env.get('SOURCE_DATE_EPOCH') ?? 0) / 86400)}:0:99999:7:::`);
  if (usegroup) addMember(p, usegroup, name);
  else append(p, '/etc/group', `${name}:x:${gid}:`);
  if (!o.flags.has('H')) {
    if (!p.fs.stat(home)) {
      try {
        p.fs.mkdir(home, { recursive: true, mode: 0o2755, uid, gid });
      } catch {
        p.err(`adduser: ${home}: No such file or directory\n`);
      }
    }
    if (p.fs.stat(home)) {
      p.fs.chown(home, uid, gid);
      p.fs.chmod(home, 0o2755);
    }
  }
  return 0;
};

/** `id [-u|-g|-n] [USER]`. */
export const id: Applet = (argv, p) => {
  const o = getopt(argv.slice(1), 'ugnGr');
  let uid = p.user.uid;
  let gid = p.user.gid;
  const who = o.rest[0];
  if (who !== undefined) {
    const row = table(p, '/etc/passwd').find((r) => r[0] === who);
    if (!row) {
      p.err(`id: unknown user ${who}\n`);
      return 1;
    }
    uid = Number(row[2]);
    gid = Number(row[3]);
  }
  const uname = lookupName(p, '/etc/passwd', uid);
  const gname = lookupName(p, '/etc/group', gid);
  const n = o.flags.has('n');
  if (o.flags.has('u')) p.out(`${n ? uname : uid}\n`);
  else if (o.flags.has('g')) p.out(`${n ? gname : gid}\n`);
  else {
    let all: string[][];
    if (who === undefined && p.user.groups) {
      // the process's own groups (getgroups), as the runtime set them
      all = p.user.groups.map((g) => [String(g), lookupName(p, '/etc/group', g)]);
    } else {
      // getgrouplist: the primary group, then every group listing the user
      const userName = lookupName(p, '/etc/passwd', uid);
      const extra = table(p, '/etc/group').filter((r) => (r[3] ?? '').split(',').includes(userName) && Number(r[2]) !== gid);
      all = [[String(gid), gname], ...extra.map((r) => [r[2]!, r[0]!])];
    }
    // busybox prints `(name)` only for an id the files name
    const named = (id: string, name: string) => (name === id ? id : `${id}(${name})`);
    if (o.flags.has('G')) p.out(all.map((g) => (n ? g[1] : g[0])).join(' ') + '\n');
    else p.out(`uid=${named(String(uid), uname)} gid=${named(String(gid), gname)} groups=${all.map((g) => named(g[0]!, g[1]!)).join(',')}\n`);
  }
  return 0;
};

/** `whoami`. */
export const whoami: Applet = (_argv, p) => {
  const name = lookupName(p, '/etc/passwd', p.user.uid);
  if (name === String(p.user.uid)) {
    p.err(`whoami: unknown uid ${p.user.uid}\n`);
    return 1;
  }
  p.out(name + '\n');
  return 0;
};
