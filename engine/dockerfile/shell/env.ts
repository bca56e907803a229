/**
 * An ordered environment, as an image config's `Env` (`["K=V", …]`) behaves in BuildKit:
 * setting an existing key replaces it in place, a new key is appended, order is kept.
 * Keys are case-sensitive (Linux). Values are never undefined once set.
 */
export class EnvList {
  private readonly entries: Array<[string, string]> = [];

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

  /** Sets `key`, replacing its value where it already is, or appending it. Returns this. */
  set(key: string, value: string): this {
    const entry = this.entries.find(([k]) => k === key);
    if (entry) entry[1] = value;
    else this.entries.push([key, value]);
    return this;
  }

  /** The value of `key`, or undefined if it is not set (an empty string is set). */
  get(key: string): string | undefined {
    return this.entries.find(([k]) => k === key)?.[1];
  }

  /** Whether `key` is set (possibly to the empty string). */
  has(key: string): boolean {
    return this.entries.some(([k]) => k === key);
  }

  /** Removes `key` if present. Returns whether it was. */
  delete(key: string): boolean {
    const i = this.entries.findIndex(([k]) => k === key);
    if (i < 0) return false;
    this.entries.splice(i, 1);
    return true;
  }

  /** How many keys are set. */
  get size(): number {
    return this.entries.length;
  }

  /** The keys in order. */
  keys(): string[] {
    return this.entries.map(([k]) => k);
  }

  /** A copy that can be changed independently. */
  clone(): EnvList {
    return new EnvList(this.entries);
  }

  /** A snapshot as a Map in the same order, the form `ShellLex` takes. */
  toMap(): Map<string, string> {
    return new Map(this.entries);
  }

  /** `K=V` strings in order, as written to an image config's `Env`. */
  toArray(): string[] {
    return this.entries.map(([k, v]) => `${k}=${v}`);
  }
}
