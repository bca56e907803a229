/** What the persistence layer tells the learner: one line each, shown by the app (terminal or banner). */

/** Why a notice was given. */
export type PersistNoticeKind =
  /** IndexedDB could not be opened (private mode, disabled storage, blocked by another tab). */
  | 'unavailable'
  /** The origin's storage is full. */
  | 'quota'
  /** Another write error. */
  | 'write-failed'
  /** Saving works again after a failure. */
  | 'saved'
  /** The database held another format or damaged data and was cleared. */
  | 'reset'
  /** Saved images whose blobs were missing were removed from `docker images`. */
  | 'dropped';

/** One notice. */
export interface PersistNotice {
  readonly kind: PersistNoticeKind;
  readonly message: string;
}

const LOST = 'images and the build cache are kept in memory only and will not survive a reload';

/** IndexedDB cannot be used at all. */
export function unavailable(reason: string): PersistNotice {
  return { kind: 'unavailable', message: `Browser storage is unavailable (${reason}): ${LOST}.` };
}

/** A write hit the storage quota. */
export function quota(): PersistNotice {
  return {
    kind: 'quota',
    message: `Browser storage is full: ${LOST}. Free space with docker image prune -a, docker rmi or docker builder prune.`,
  };
}

/** A write failed for another reason. */
export function writeFailed(reason: string): PersistNotice {
  return { kind: 'write-failed', message: `Could not save the sandbox (${reason}): ${LOST}.` };
}

/** A write succeeded after failures. */
export function savedAgain(): PersistNotice {
  return { kind: 'saved', message: 'Images and the build cache are saved again and will survive a reload.' };
}

/** The stored data was of another format (or version) of stageplay, or unreadable, and was cleared. */
export function reset(what: string, reason: string): PersistNotice {
  return { kind: 'reset', message: `The saved ${what} ${reason} and ${what === 'images and build cache' ? 'were' : 'was'} cleared.` };
}

/** Saved images were missing blobs. */
export function dropped(names: readonly string[]): PersistNotice {
  const s = names.length === 1 ? '' : 's';
  return { kind: 'dropped', message: `Removed ${names.length} saved image${s} whose data was missing: ${names.join(', ')}.` };
}

/** An error's text for a notice. */
export function reasonOf(err: unknown): string {
  if (err instanceof Error || err instanceof DOMException) return err.message || err.name;
  return String(err);
}
