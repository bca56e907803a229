import { parseReference, type ImageReference } from '../reference/index.ts';
import { lineRange } from '../source/range.ts';
import { EngineError } from '../source/errors.ts';

/**
 * The frontend image a `# syntax=` directive names, parsed and normalised as the
 * gateway does (`docker/dockerfile:1` → `docker.io/docker/dockerfile:1`, `foobar` →
 * `docker.io/library/foobar:latest`). A malformed one fails
 * as BuildKit's gateway does (`reference.ParseNormalizedNamed`'s message, e.g.
 * `invalid reference format: repository name (docker/Dockerfile) must be lowercase`), at the
 * directive's line.
 */
export function syntaxReference(dockerfile: string, syntax: string): ImageReference {
  try {
    return parseReference(syntax);
  } catch (err) {
    throw new EngineError('invalid-syntax-reference', err instanceof Error ? err.message : String(err), [directiveRange(dockerfile)]);
  }
}

/** The `# syntax=` line. */
function directiveRange(dockerfile: string) {
  const lines = dockerfile.split('\n');
  const at = lines.findIndex((l) => /^\s*#\s*syntax\s*=/i.test(l));
  const line = at < 0 ? 1 : at + 1;
  return lineRange(line, line, (lines[line - 1] ?? '').length + 1);
}

/** The frontend images the sandbox has: BuildKit's own Dockerfile frontend, any tag. */
const KNOWN_FRONTENDS = ['docker.io/docker/dockerfile', 'docker.io/docker/dockerfile-upstream'];

/**
 * Fails for a frontend image the sandbox cannot run (BuildKit would pull it and run it in
 * its gateway; offline it fails to resolve it), at the directive's line.
 */
export function checkSyntaxFrontend(dockerfile: string, ref: ImageReference): void {
  if (KNOWN_FRONTENDS.includes(ref.name)) return;
  throw new EngineError(
    'unknown-frontend',
    `failed to resolve source metadata for ${ref.full}: not found (stageplay runs offline and has only BuildKit's Dockerfile frontend, docker/dockerfile)`,
    [directiveRange(dockerfile)],
  );
}
