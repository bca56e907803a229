import { EngineError } from '../source/errors.ts';

/** Stable codes of catalog failures (callers branch on these, never on message text). */
export const CATALOG_CODES = {
  /** The repository is not in the offline catalog. */
  notFound: 'catalog/not-found',
  /** The repository is known, the tag is not. */
  unknownTag: 'catalog/unknown-tag',
  /** The image has no manifest for the requested platform. */
  noPlatform: 'catalog/no-matching-platform',
  /** `@sha256:` does not match the catalog's digest for that reference. */
  digestMismatch: 'catalog/digest-mismatch',
  /** The reference or platform cannot be parsed. */
  invalid: 'catalog/invalid-reference',
} as const;

/**
 * A base image the offline catalog cannot provide. `message` starts with Docker's own text
 * (`docker.io/library/nginx:latest: not found`, `no match for platform in manifest: not found`)
 * and then says, in parentheses, what the catalog has; `data` holds the same as fields.
 */
export class CatalogError extends EngineError {}
