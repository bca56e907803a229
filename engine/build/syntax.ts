import { parseReference } from '../reference/index.ts';
import { lineRange } from '../source/range.ts';
import { EngineError } from '../source/errors.ts';

/**
 * The frontend image a `# syntax=` directive names, as a full reference (`docker/dockerfile:1`
 * → `docker.io/docker/dockerfile:1`; a bare name is under `docker/`). A malformed one fails
 * as BuildKit's gateway does (`reference.ParseNormalizedNamed`'s message, e.g.
 * `invalid reference format: repository name (docker/Dockerfile) must be lowercase`), at the
 * directive's line.
 */
export function syntaxReference(dockerfile: string, syntax: string): string {
  const image = syntax.includes('/') ? syntax : `docker/${syntax}`;
  try {
    return parseReference(image).full;
  } catch (err) {
    const lines = dockerfile.split('\n');
    const at = lines.findIndex((l) => /^\s*#\s*syntax\s*=/i.test(l));
    const line = at < 0 ? 1 : at + 1;
    throw new EngineError('invalid-syntax-reference', err instanceof Error ? err.message : String(err), [lineRange(line, line, (lines[line - 1] ?? '').length + 1)]);
  }
}
