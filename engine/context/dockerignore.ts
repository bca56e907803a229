/**
 * `.dockerignore` as BuildKit applies it (moby/patternmatcher): one pattern per line,
 * `#` comments, `!` re-includes, paths cleaned and made relative to the context root,
 * `*` and `?` stay within one path segment, `**` spans any number of them, and a path is
 * excluded when the last pattern matching it, or one of its parent directories, excludes it.
 */
export interface IgnorePattern {
  readonly pattern: string;
  readonly exclusion: boolean;
  readonly regexp: RegExp;
}

export function parseDockerignore(text: string): IgnorePattern[] {
  const out: IgnorePattern[] = [];
  for (const line of ignoreLines(text)) {
    const exclusion = line.startsWith('!');
    const pattern = exclusion ? line.slice(1) : line;
    if (pattern === '') continue; // a lone `!`: `dockerignoreError` reports it
    out.push({ pattern, exclusion, regexp: compile(pattern) });
  }
  return out;
}

/**
 * The patterns as moby/patternmatcher's `ignorefile.ReadAll` reads them: a UTF-8 BOM dropped,
 * lines starting with `#` skipped (before trimming: ` #x` is a pattern), blank lines skipped,
 * `!` kept in front of the cleaned path, a leading `/` dropped.
 */
export function ignoreLines(text: string): string[] {
  const out: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const raw of lines) {
    if (raw.startsWith('#')) continue;
    let line = raw.replace(/\r$/, '').trim();
    if (line === '') continue;
    const invert = line.startsWith('!');
    if (invert) line = line.slice(1).trim();
    if (line !== '') {
      line = cleanPath(line);
      if (line.length > 1 && line.startsWith('/')) line = line.slice(1);
    }
    out.push(invert ? `!${line}` : line);
  }
  return out;
}

/**
 * What BuildKit's context transfer says of patterns patternmatcher refuses (`New`: a lone `!`,
 * or a pattern Go's `filepath.Match` calls malformed): fsutil's
 * `invalid excludepatterns: [p1 p2 ...]: <reason>`; undefined when every pattern is valid.
 */
export function dockerignoreError(text: string): string | undefined {
  const lines = ignoreLines(text);
  for (const l of lines) {
    const reason = l === '!' ? 'illegal exclusion pattern: "!"' : badPattern(l.startsWith('!') ? l.slice(1) : l) ? 'syntax error in pattern' : undefined;
    if (reason) return `invalid excludepatterns: [${lines.join(' ')}]: ${reason}`;
  }
  return undefined;
}

/** Go's `filepath.Match` `ErrBadPattern` (Unix): a trailing `\\`, an unclosed or empty `[...]`, a range end missing. */
function badPattern(p: string): boolean {
  // getEsc: one class character (`\\` escapes), which must not be `-` or `]`, and must not end the pattern
  const esc = (i: number): number => {
    if (i >= p.length || p[i] === '-' || p[i] === ']') return -1;
    if (p[i] === '\\' && ++i >= p.length) return -1;
    return i + 1 >= p.length ? -1 : i + 1;
  };
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '\\') {
      if (++i >= p.length) return true;
    } else if (p[i] === '[') {
      i++;
      if (p[i] === '^') i++;
      for (let n = 0; ; n++) {
        if (p[i] === ']' && n > 0) break;
        i = esc(i);
        if (i < 0) return true;
        if (p[i] === '-') {
          i = esc(i + 1);
          if (i < 0) return true;
        }
      }
    }
  }
  return false;
}

/** Where BuildKit looks first for a Dockerfile's own ignore file: `<Dockerfile path>.dockerignore`. */
export function dockerfileIgnorePath(dockerfilePath: string): string {
  return `${dockerfilePath}.dockerignore`;
}

/** Whether `path` (relative to the context root, `/`-separated) is excluded. */
export function isIgnored(patterns: readonly IgnorePattern[], path: string): boolean {
  const rel = cleanPath(path).replace(/^\/+/, '');
  if (rel === '.' || rel === '') return false;
  return matchesOrParentMatches(patterns, rel);
}

/** patternmatcher `MatchesOrParentMatches` for a cleaned relative path (`.` included: `*` matches it). */
function matchesOrParentMatches(patterns: readonly IgnorePattern[], rel: string): boolean {
  const parents = parentPaths(rel);
  let matched = false;
  for (const p of patterns) {
    if (p.exclusion !== matched) continue; // cannot change the outcome
    if (p.regexp.test(rel) || parents.some((parent) => p.regexp.test(parent))) matched = !p.exclusion;
  }
  return matched;
}

/** `a/b/c` → `['a', 'a/b']`. */
function parentPaths(rel: string): string[] {
  const parts = rel.split('/');
  const out: string[] = [];
  for (let i = 1; i < parts.length; i++) out.push(parts.slice(0, i).join('/'));
  return out;
}

/** Go's `filepath.Clean` for `/`-separated paths. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(seg);
  }
  const joined = out.join('/');
  return rooted ? '/' + joined : joined || '.';
}

/** patternmatcher's regexp translation. */
function compile(pattern: string): RegExp {
  let re = '^';
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === '*') {
      if (chars[i + 1] === '*') {
        i++;
        // `**/` also matches nothing at all
        if (chars[i + 1] === '/') {
          i++;
          re += '(.*/)?';
        } else {
          re += '.*';
        }
      } else {
        re += '[^/]*';
      }
    } else if (c === '?') {
      re += '[^/]';
    } else if (c === '[') {
      const end = chars.indexOf(']', i + 1);
      if (end < 0) {
        re += '\\[';
        continue;
      }
      // as patternmatcher: the class goes to the regexp as written (`^` negates, `!` is a character)
      const cls = chars.slice(i + 1, end).join('');
      re += `[${cls.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else if (c === '\\' && i + 1 < chars.length) {
      re += escape(chars[++i]!);
    } else {
      re += escape(c);
    }
  }
  return new RegExp(re + '$');
}

function escape(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? '\\' + c : c;
}

/** What the front end's CopyIgnoredFile check asks of a `.dockerignore`. */
export interface IgnoreMatcher {
  /** Whether any pattern re-includes (`!`). */
  readonly exclusions: boolean;
  /**
   * The cleaned COPY/ADD source path when the patterns exclude it or a parent of it
   * (patternmatcher `MatchesOrParentMatches`). The context root (`.`, `/`) counts as
   * excluded only when a pattern excludes every root entry (`*`, `**`, `**\/*`), as BuildKit's
   * `validateCopySourcePath` reads it.
   */
  excludedSource(src: string): string | undefined;
}

/** A matcher over `.dockerignore` text, or undefined when it has no patterns (BuildKit has no matcher then). */
export function ignoreMatcher(text: string): IgnoreMatcher | undefined {
  const patterns = parseDockerignore(text);
  if (patterns.length === 0) return undefined;
  const rootIgnored = patterns.some((p) => !p.exclusion && (p.pattern === '*' || p.pattern === '**' || p.pattern === '**/*'));
  return {
    exclusions: patterns.some((p) => p.exclusion),
    excludedSource(src) {
      const path = cleanPath(src);
      if ((path === '.' || path === '/') && !rootIgnored) return undefined;
      return matchesOrParentMatches(patterns, path) ? path : undefined;
    },
  };
}
