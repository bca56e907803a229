/**
 * One key's values over time: `versions` ascending, `values[i]` set at `versions[i]`
 * (`null`: deleted then). A key deleted and set again gets a new slot, at the end.
 */
interface Slot {
  readonly key: string;
  readonly versions: number[];
  readonly values: (string | null)[];
}

/**
 * What an {@link EnvList} and its snapshots share: plain data only (arrays, a Map), so a
 * snapshot crosses `postMessage` with one copy of the log however many snapshots refer to it.
 */
interface EnvLog {
  readonly slots: Slot[];
  /** Slot indexes of each key, oldest first. */
  readonly byKey: Map<string, number[]>;
  /** The version the next change writes. */
  version: number;
  /** The newest version a snapshot saw: a change after it writes a new version. */
  snapshot: number;
}

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

/** The value of `key` in `log` at version `v` (undefined: unset). */
function lookup(log: EnvLog, key: string, v: number): string | undefined {
  const idxs = log.byKey.get(key);
  if (!idxs) return undefined;
  for (let j = idxs.length - 1; j >= 0; j--) {
    const r = valueAt(log.slots[idxs[j]!]!, v);
    if (r !== undefined) return r ?? undefined;
  }
  return undefined;
}

/**
 * An ordered environment, as an image config's `Env` (`["K=V", …]`) behaves in BuildKit:
 * setting an existing key replaces it in place, a new key is appended, order is kept.
 * Keys are case-sensitive (Linux). Values are never undefined once set.
 *
 * `set`, `get`, `has` and {@link snapshot} take constant time (a lookup is logarithmic in
 * the number of snapshots that saw the key change), so a Dockerfile of n `ENV` lines is
 * walked in O(n log n) however many steps keep a snapshot of the env before them.
 */
export class EnvList {
  private readonly log: EnvLog = { slots: [], byKey: new Map(), version: 0, snapshot: -1 };
  private count = 0;
  private length = 0;

  /** An environment holding `pairs` in order (a repeated key: the last value, first position). */
  constructor(pairs: Iterable<readonly [string, string]> = []) {
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

  /** The live slot of `key`, if it is set. */
  private live(key: string): Slot | undefined {
    const idxs = this.log.byKey.get(key);
    if (!idxs) return undefined;
    const slot = this.log.slots[idxs[idxs.length - 1]!]!;
    return slot.values[slot.values.length - 1] !== null ? slot : undefined;
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
    let slot = this.live(key);
    if (slot) this.length += value.length - slot.values[slot.values.length - 1]!.length;
    else {
      slot = { key, versions: [], values: [] };
      const idxs = this.log.byKey.get(key);
      if (idxs) idxs.push(this.log.slots.length);
      else this.log.byKey.set(key, [this.log.slots.length]);
      this.log.slots.push(slot);
      this.count++;
      this.length += key.length + 1 + value.length;
    }
    this.write(slot, value);
    return this;
  }

  /** The value of `key`, or undefined if it is not set (an empty string is set). */
  get(key: string): string | undefined {
    const slot = this.live(key);
    return slot ? slot.values[slot.values.length - 1]! : undefined;
  }

  /** Whether `key` is set (possibly to the empty string). */
  has(key: string): boolean {
    return this.live(key) !== undefined;
  }

  /** Removes `key` if present. Returns whether it was. */
  delete(key: string): boolean {
    const slot = this.live(key);
    if (!slot) return false;
    this.length -= key.length + 1 + slot.values[slot.values.length - 1]!.length;
    this.write(slot, null);
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

  /** The set entries in order. */
  private *entries(): Generator<[string, string]> {
    for (const slot of this.log.slots) {
      const v = slot.values[slot.values.length - 1];
      if (v !== null && v !== undefined) yield [slot.key, v];
    }
  }

  /** The keys in order. */
  keys(): string[] {
    return [...this.entries()].map(([k]) => k);
  }

  /** A copy that can be changed independently. */
  clone(): EnvList {
    return new EnvList(this.entries());
  }

  /** A copy as a Map in the same order. */
  toMap(): Map<string, string> {
    return new Map(this.entries());
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
    return [...this.entries()].map(([k, v]) => `${k}=${v}`);
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

  /** `env` as it came out of a structured clone: a Map stays a Map, a cloned snapshot is a snapshot again. */
  static revive(env: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
    if (env instanceof Map || env instanceof EnvSnapshot) return env;
    return Object.setPrototypeOf(env, EnvSnapshot.prototype) as EnvSnapshot;
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

  *entries(): MapIterator<[string, string]> {
    for (const slot of this.log.slots) {
      const v = valueAt(slot, this.version);
      if (typeof v === 'string') yield [slot.key, v];
    }
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
