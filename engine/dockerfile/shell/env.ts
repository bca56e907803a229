/**
 * One key's values over time: `versions` ascending, `values[i]` set at `versions[i]`
 * (`null`: deleted then). A key deleted and set again gets a new slot, at the end.
 * A `shadow` slot changes a key of the parent the list was cloned from, in the parent's place.
 */
interface Slot {
  readonly key: string;
  readonly versions: number[];
  readonly values: (string | null)[];
  readonly shadow?: true;
}

/**
 * What an {@link EnvList} and its snapshots share: plain data only (arrays, a Map, the
 * parent snapshot), so a snapshot crosses `postMessage` with one copy of the log however
 * many snapshots refer to it.
 */
interface EnvLog {
  readonly slots: Slot[];
  /** Slot indexes of each key, oldest first. */
  readonly byKey: Map<string, number[]>;
  /** The version the next change writes. */
  version: number;
  /** The newest version a snapshot saw: a change after it writes a new version. */
  snapshot: number;
  /** The list this one was cloned from, as it was then (a clone shares it instead of copying it). */
  readonly parent?: EnvSnapshot;
  /** How many parents there are above this log. */
  readonly depth: number;
}

/** Parents a clone may stack before it copies instead (lookups and iteration walk the stack). */
const MAX_CLONE_DEPTH = 32;

/** The value of `slot` at version `v`: a string, `null` (deleted), or undefined (not set yet). */
function valueAt(slot: Slot, v: number): string | null | undefined {
  const { versions } = slot;
  let lo = 0;
  let hi = versions.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (versions[mid]! <= v) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found < 0 ? undefined : slot.values[found]!;
}

/** The value of `key` in `log` at version `v` (undefined: unset), its parents' included. */
function lookup(log: EnvLog, key: string, v: number): string | undefined {
  const idxs = log.byKey.get(key);
  if (idxs) {
    for (let j = idxs.length - 1; j >= 0; j--) {
      const r = valueAt(log.slots[idxs[j]!]!, v);
      if (r !== undefined) return r ?? undefined;
    }
  }
  return log.parent?.get(key);
}

/** The entries of `log` at version `v`, in order: the parent's (as this log changed them), then this log's new keys. */
function* entriesAt(log: EnvLog, v: number): Generator<[string, string]> {
  if (log.parent) {
    for (const [k, pv] of log.parent.entries()) {
      const idxs = log.byKey.get(k);
      const shadow = idxs ? log.slots[idxs[0]!]! : undefined;
      const r = shadow?.shadow ? valueAt(shadow, v) : undefined;
      if (r === undefined) yield [k, pv];
      else if (r !== null) yield [k, r];
    }
  }
  for (const slot of log.slots) {
    if (slot.shadow) continue;
    const r = valueAt(slot, v);
    if (typeof r === 'string') yield [slot.key, r];
  }
}

/**
 * An ordered environment, as an image config's `Env` (`["K=V", …]`) behaves in BuildKit:
 * setting an existing key replaces it in place, a new key is appended, order is kept.
 * Keys are case-sensitive (Linux). Values are never undefined once set.
 *
 * `set`, `get`, `has`, {@link snapshot} and {@link clone} take constant time (a lookup is
 * logarithmic in the number of snapshots that saw the key change, and walks at most 32
 * parents), so a Dockerfile of n `ENV` lines is walked in O(n log n) however many steps keep
 * a snapshot of the env before them, and a stage built FROM another shares its env.
 */
export class EnvList {
  private log: EnvLog;
  private count = 0;
  private length = 0;

  /** An environment holding `pairs` in order (a repeated key: the last value, first position). */
  constructor(pairs: Iterable<readonly [string, string]> = []) {
    this.log = { slots: [], byKey: new Map(), version: 0, snapshot: -1, depth: 0 };
    for (const [k, v] of pairs) this.set(k, v);
  }

  /**
   * Parses `K=V` strings (an image config's `Env`): the key ends at the first `=`; a string
   * without `=` is a key with an empty value.
   */
  static fromArray(lines: Iterable<string>): EnvList {
    const env = new EnvList();
    for (const line of lines) {
      const eq = line.indexOf('=');
      if (eq < 0) env.set(line, '');
      else env.set(line.slice(0, eq), line.slice(eq + 1));
    }
    return env;
  }

  /** This log's newest slot of `key`, if any. */
  private ownSlot(key: string): Slot | undefined {
    const idxs = this.log.byKey.get(key);
    return idxs ? this.log.slots[idxs[idxs.length - 1]!] : undefined;
  }

  private addSlot(key: string, shadow: boolean): Slot {
    const slot: Slot = shadow ? { key, versions: [], values: [], shadow: true } : { key, versions: [], values: [] };
    const idxs = this.log.byKey.get(key);
    if (idxs) idxs.push(this.log.slots.length);
    else this.log.byKey.set(key, [this.log.slots.length]);
    this.log.slots.push(slot);
    return slot;
  }

  /** Records `value` for `slot` at the current version (in place when no snapshot saw the last one). */
  private write(slot: Slot, value: string | null): void {
    const log = this.log;
    if (log.version <= log.snapshot) log.version = log.snapshot + 1;
    const last = slot.versions.length - 1;
    if (last >= 0 && slot.versions[last] === log.version) slot.values[last] = value;
    else {
      slot.versions.push(log.version);
      slot.values.push(value);
    }
  }

  /** Sets `key`, replacing its value where it already is, or appending it. Returns this. */
  set(key: string, value: string): this {
    const old = this.get(key);
    const own = this.ownSlot(key);
    let slot: Slot;
    if (own && own.values[own.values.length - 1] !== null) slot = own;
    // deleted here then set again: a new place at the end; first set here of a parent's key: its place
    else slot = this.addSlot(key, !own && old !== undefined);
    if (old === undefined) {
      this.count++;
      this.length += key.length + 1 + value.length;
    } else this.length += value.length - old.length;
    this.write(slot, value);
    return this;
  }

  /** The value of `key`, or undefined if it is not set (an empty string is set). */
  get(key: string): string | undefined {
    return lookup(this.log, key, Infinity);
  }

  /** Whether `key` is set (possibly to the empty string). */
  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Removes `key` if present. Returns whether it was. */
  delete(key: string): boolean {
    const old = this.get(key);
    if (old === undefined) return false;
    const own = this.ownSlot(key);
    this.write(own && own.values[own.values.length - 1] !== null ? own : this.addSlot(key, true), null);
    this.length -= key.length + 1 + old.length;
    this.count--;
    return true;
  }

  /** How many keys are set. */
  get size(): number {
    return this.count;
  }

  /** The length of the `K=V` strings of {@link toArray}, added up (what an env's size limit counts). */
  get textLength(): number {
    return this.length;
  }

  /** The keys in order. */
  keys(): string[] {
    return [...entriesAt(this.log, Infinity)].map(([k]) => k);
  }

  /** A copy that can be changed independently: it shares this list as it is now (copied once 32 clones are stacked). */
  clone(): EnvList {
    if (this.log.depth >= MAX_CLONE_DEPTH) return new EnvList(entriesAt(this.log, Infinity));
    const copy = new EnvList();
    copy.log = { slots: [], byKey: new Map(), version: 0, snapshot: -1, parent: this.snapshot(), depth: this.log.depth + 1 };
    copy.count = this.count;
    copy.length = this.length;
    return copy;
  }

  /** A copy as a Map in the same order. */
  toMap(): Map<string, string> {
    return new Map(entriesAt(this.log, Infinity));
  }

  /**
   * The environment as it is now, unchanged by later changes to this list, in constant
   * time: the form `ShellLex` takes, and what each step of a stage keeps.
   */
  snapshot(): EnvSnapshot {
    this.log.snapshot = this.log.version;
    return new EnvSnapshot(this.log, this.log.version);
  }

  /** `K=V` strings in order, as written to an image config's `Env`. */
  toArray(): string[] {
    return [...entriesAt(this.log, Infinity)].map(([k, v]) => `${k}=${v}`);
  }
}

/**
 * An {@link EnvList} as it was at one moment ({@link EnvList.snapshot}): a read-only Map.
 * Its fields are plain data, so it survives a structured clone as an object that
 * {@link EnvSnapshot.revive} turns back into a snapshot (every snapshot cloned in the same
 * message shares one copy of the log).
 */
export class EnvSnapshot implements ReadonlyMap<string, string> {
  private count?: number;

  constructor(
    private readonly log: EnvLog,
    private readonly version: number,
  ) {}

  /** `env` as it came out of a structured clone: a Map stays a Map, a cloned snapshot (and its parents) a snapshot again. */
  static revive(env: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
    if (env instanceof Map || env instanceof EnvSnapshot) return env;
    let s = env as unknown as { log: EnvLog } | undefined;
    while (s && !(s instanceof EnvSnapshot)) {
      Object.setPrototypeOf(s, EnvSnapshot.prototype);
      s = (s as unknown as EnvSnapshot).log.parent as unknown as { log: EnvLog } | undefined;
    }
    return env;
  }

  get(key: string): string | undefined {
    return lookup(this.log, key, this.version);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  get size(): number {
    if (this.count === undefined) {
      let n = 0;
      for (const _ of this.entries()) n++;
      this.count = n;
    }
    return this.count;
  }

  entries(): MapIterator<[string, string]> {
    return entriesAt(this.log, this.version);
  }

  *keys(): MapIterator<string> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): MapIterator<string> {
    for (const [, v] of this.entries()) yield v;
  }

  [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }

  forEach(fn: (value: string, key: string, map: ReadonlyMap<string, string>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this);
  }
}
