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
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    let exclusion = false;
    if (line.startsWith('!')) {
      exclusion = true;
      line = line.slice(1).trim();
      if (line === '') continue;
    }
    let pattern = cleanPath(line);
    if (pattern.startsWith('/')) pattern = pattern.slice(1) || '.';
    out.push({ pattern, exclusion, regexp: compile(pattern) });
  }
  return out;
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
      let cls = chars.slice(i + 1, end).join('');
      if (cls.startsWith('!') || cls.startsWith('^')) cls = '^' + cls.slice(1);
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
