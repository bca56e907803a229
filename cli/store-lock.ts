import { existsSync, lstatSync, mkdirSync, readdirSync, renameSync, rmSync, type Stats } from 'node:fs';
import { basename, join } from 'node:path';
import lockfile from 'proper-lockfile';

/** A lock older than this (not refreshed by a live holder) is taken over: its holder died. */
const STALE_MS = 10_000;
/** How long a command waits for another one's change of the store before it gives up. */
const WAIT_MS = 60_000;

/** The store cannot be used at all: the command says so in one line and exits 1. */
export class StoreError extends Error {}

/** The store is held by another command for longer than we wait. */
export class StoreBusyError extends StoreError {}

/**
 * Run `change` while holding the state root's lock (`<root>/store.lock`, proper-lockfile:
 * a directory made atomically, refreshed while held, taken over when stale), so that one
 * command at a time reads, changes and writes the store's files.
 */
export function withStoreLock<T>(root: string, change: () => T): T {
  mkdirSync(root, { recursive: true });
  const deadline = Date.now() + WAIT_MS;
  let release: () => void;
  for (let wait = 2; ; wait = Math.min(wait * 2, 100)) {
    try {
      release = lock(root);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
      if (Date.now() > deadline) throw new StoreBusyError(`${root} is locked by another stageplay command (${lockPath(root)}); try again`);
      sleep(wait);
    }
  }
  return holding(release, change);
}

/**
 * Like `withStoreLock`, but when the lock cannot be had at once (another command holds it,
 * or the root is read-only) `change` is skipped (undefined).
 */
export function ifStoreUnlocked<T>(root: string, change: () => T): T | undefined {
  if (!existsSync(root)) return undefined;
  let release: () => void;
  try {
    release = lock(root);
  } catch {
    return undefined;
  }
  return holding(release, change);
}

/** Take the root's lock now (throws, ELOCKED when another command holds it); returns its release. */
function lock(root: string): () => void {
  return lockfile.lockSync(root, { lockfilePath: lockPath(root), stale: STALE_MS, realpath: false });
}

/** `change()`, then `release()` whatever happens. */
function holding<T>(release: () => void, change: () => T): T {
  try {
    return change();
  } finally {
    release();
  }
}

function lockPath(root: string): string {
  return join(root, 'store.lock');
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

/** What is at `path` (not following a symlink), or undefined when nothing is (a missing or non-directory parent included). */
export function entry(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Move a damaged store file (or directory) out of the way as `<name>.corrupt-<time>` and
 * say so in one warning line. `what` says what the command goes on without.
 */
export function setAside(path: string, reason: string, what: string, warn: (line: string) => void, now = new Date()): void {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  let aside = `${path}.corrupt-${stamp}`;
  for (let n = 1; existsSync(aside); n++) aside = `${path}.corrupt-${stamp}-${n}`;
  try {
    renameSync(path, aside);
  } catch {
    rmSync(path, { force: true, recursive: true });
    warn(`WARNING: ${path} is damaged (${reason}); removed it, ${what}`);
    return;
  }
  warn(`WARNING: ${path} is damaged (${reason}); moved it to ${basename(aside)}, ${what}`);
}

/** Temporary names write-file-atomic gives the store's own files (`images.json.<uint32>`); only written under the lock. */
const ATOMIC_TMP = /^(images\.json|cache(-mounts)?\.(json|bin))\.\d+$/;
/** Temporary names of blobs and of older writes: `<name>.tmp-<pid>`. */
const PID_TMP = /\.tmp-(\d+)$/;

/**
 * Remove what a killed command (`kill -9` in the middle of a write) left behind: the
 * store files' temporaries when no command holds the lock, and blob temporaries whose
 * process is gone. Returns the names removed.
 */
export function sweepTemporaries(root: string): string[] {
  const removed: string[] = [];
  const sweep = (dir: string, locked: boolean) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const pid = PID_TMP.exec(name)?.[1];
      const dead = pid !== undefined && !alive(Number(pid));
      if (!dead && !(locked && ATOMIC_TMP.test(name))) continue;
      const path = join(dir, name);
      try {
        if (!lstatSync(path).isFile()) continue;
        rmSync(path, { force: true });
        removed.push(path);
      } catch {
        // gone meanwhile, or not ours to remove: the next command tries again
      }
    }
  };
  const swept = ifStoreUnlocked(root, () => {
    sweep(root, true);
    return true;
  });
  if (swept === undefined) sweep(root, false);
  sweep(join(root, 'blobs', 'sha256'), false);
  return removed;
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
