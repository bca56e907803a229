/** User and group names as the container's `/etc/passwd` and `/etc/group` define them. */
import type { TreeView } from '../fs/view.ts';

const dec = new TextDecoder();

/** A resolved user: numeric ids and the name (the spec when numeric). */
export interface ResolvedUser {
  readonly uid: number;
  readonly gid: number;
  readonly name: string;
  /** Supplementary groups, ascending (as the kernel keeps them): the primary gid included. */
  readonly groups: readonly number[];
}

function readLines(fs: TreeView, path: string): string[][] {
  try {
    return dec.decode(fs.readFile(path)).split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(':'));
  } catch {
    return [];
  }
}

const NUMERIC = /^[0-9]+$/;

/** Looks up a user name (or numeric uid) in `/etc/passwd`: `[uid, gid, name]`. */
function lookupUser(fs: TreeView, user: string): { uid: number; gid: number; name: string } | undefined {
  const rows = readLines(fs, '/etc/passwd');
  const row = NUMERIC.test(user) ? rows.find((r) => r[2] === user) : rows.find((r) => r[0] === user);
  if (!row) return undefined;
  return { uid: Number(row[2]), gid: Number(row[3]), name: row[0]! };
}

function lookupGroup(fs: TreeView, group: string): number | undefined {
  if (NUMERIC.test(group)) return Number(group);
  const row = readLines(fs, '/etc/group').find((r) => r[0] === group);
  return row ? Number(row[2]) : undefined;
}

/**
 * The user a RUN runs as (`USER` value, default root), as BuildKit's executor and runc resolve
 * it: names from `/etc/passwd`, a numeric uid that is not listed runs with gid 0, supplementary
 * groups from `/etc/group` when no group is given. Throws the runc error text for an unknown
 * name or group.
 */
export function runUser(fs: TreeView, spec: string): ResolvedUser {
  // BuildKit's GetUser: no USER is "0"; "uid:gid", both numeric, skips the files (no supplementary groups)
  const [u, g] = (spec === '' ? '0' : spec).split(':', 2) as [string, string | undefined];
  if (g !== undefined && NUMERIC.test(u) && NUMERIC.test(g)) {
    const found = lookupUser(fs, u);
    return { uid: Number(u), gid: Number(g), name: found?.name ?? u, groups: [Number(g)] };
  }
  const found = lookupUser(fs, u);
  if (!found && !NUMERIC.test(u)) {
    if (spec === '') return { uid: 0, gid: 0, name: 'root', groups: [0] };
    throw new Error(`unable to find user ${u}: no matching entries in passwd file`);
  }
  const uid = found?.uid ?? Number(u);
  let gid = found?.gid ?? 0;
  let sgids: number[] = [];
  if (g !== undefined && g !== '') {
    const gg = lookupGroup(fs, g);
    if (gg === undefined) throw new Error(`unable to find group ${g}: no matching entries in group file`);
    gid = gg;
  } else if (found) {
    // libcontainer GetExecUser: the groups that list the user by name
    sgids = readLines(fs, '/etc/group').filter((r) => (r[3] ?? '').split(',').includes(found.name)).map((r) => Number(r[2]));
  }
  // ensureAdditionalGids puts the primary gid in; the kernel keeps the list sorted
  const groups = [...new Set([gid, ...sgids])].sort((a, b) => a - b);
  return { uid, gid, name: found?.name ?? (spec === '' ? 'root' : u), groups };
}

/**
 * `COPY --chown=user[:group]` against the destination's files: names from its
 * `/etc/passwd`/`/etc/group`, numeric ids as is, user only → group = the user's id
 * (BuildKit's `parseUser`). Throws BuildKit's message for unknown names.
 */
export function chownIds(fs: TreeView, spec: string): { uid: number; gid: number } {
  const [u, g] = spec.split(':', 2) as [string, string | undefined];
  const uid = NUMERIC.test(u) ? Number(u) : lookupUser(fs, u)?.uid;
  if (uid === undefined) {
    throw new Error(`unable to convert uid/gid chown string to host mapping: can't find uid for user ${u}: no such user: ${u}`);
  }
  if (g === undefined) return { uid, gid: uid };
  const gid = lookupGroup(fs, g);
  if (gid === undefined) {
    throw new Error(`unable to convert uid/gid chown string to host mapping: can't find gid for group ${g}: no such group: ${g}`);
  }
  return { uid, gid };
}
