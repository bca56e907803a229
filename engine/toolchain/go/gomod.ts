/** Reading `go.mod` and `go.sum`, the parts the mocked toolchain uses. */

/** One `require` line. */
export interface Requirement {
  readonly path: string;
  readonly version: string;
  readonly indirect: boolean;
  readonly line: number;
}

/** A parsed go.mod. */
export interface GoMod {
  readonly module: string;
  /** The `go` directive (`1.20`), or '' when absent. */
  readonly go: string;
  readonly require: readonly Requirement[];
}

/** A go.mod syntax problem, worded like cmd/go (`go.mod:3: unknown directive: foo`). */
export class GoModError extends Error {}

const DIRECTIVES = new Set(['module', 'go', 'require', 'replace', 'exclude', 'retract', 'toolchain', 'godebug']);

/** Parses go.mod text; `name` prefixes error messages (e.g. `/src/go.mod`). */
export function parseGoMod(text: string, name: string): GoMod {
  let module = '';
  let go = '';
  const require: Requirement[] = [];
  let block = '';
  text.split('\n').forEach((raw, idx) => {
    const line = raw.replace(/\/\/.*$/, '').trim();
    const indirect = /\/\/\s*indirect/.test(raw);
    if (!line) return;
    if (block) {
      if (line === ')') block = '';
      else if (block === 'require') addRequire(line.split(/\s+/), idx + 1, indirect);
      return;
    }
    const words = line.split(/\s+/);
    const verb = words[0]!;
    if (!DIRECTIVES.has(verb)) throw new GoModError(`${name}:${idx + 1}: unknown directive: ${verb}`);
    if (words[1] === '(') {
      block = verb;
      return;
    }
    if (verb === 'module') module = (words[1] ?? '').replace(/^"|"$/g, '');
    else if (verb === 'go') go = words[1] ?? '';
    else if (verb === 'require') addRequire(words.slice(1), idx + 1, indirect);
  });
  function addRequire(words: string[], line: number, indirect: boolean): void {
    if (words.length < 2) throw new GoModError(`${name}:${line}: usage: require module/path v1.2.3`);
    require.push({ path: words[0]!, version: words[1]!, indirect, line });
  }
  if (!module) throw new GoModError(`${name}: no module declaration in go.mod. To specify the module path:\n\tgo mod edit -module=example.com/mod`);
  return { module, go, require };
}

/** The `module version` and `module version/go.mod` keys present in a go.sum. */
export function parseGoSum(text: string): Set<string> {
  const keys = new Set<string>();
  for (const line of text.split('\n')) {
    const [mod, ver] = line.trim().split(/\s+/);
    if (mod && ver) keys.add(`${mod} ${ver}`);
  }
  return keys;
}

/** The minor version of a `go` directive (`1.20` → 20). */
export function goMinor(version: string): number {
  const m = /^(?:go)?1\.(\d+)/.exec(version);
  return m ? Number(m[1]) : 0;
}
