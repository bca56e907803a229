/**
 * Docker image references, as `github.com/distribution/reference` parses and normalises
 * them (`ParseNormalizedNamed` + `TagNameOnly`): `golang:1.22-alpine` is
 * `docker.io/library/golang:1.22-alpine`. Errors carry Docker's message text.
 */

/** A parsed, normalised image reference. */
export interface ImageReference {
  /** Registry host (with port), `docker.io` for Docker Hub. */
  readonly domain: string;
  /** Repository path inside the registry, e.g. `library/golang`. */
  readonly path: string;
  /** Tag as written, absent when none was given (BuildKit then pulls `latest`). */
  readonly tag?: string;
  /** `algo:hex` digest when given with `@`. */
  readonly digest?: string;
  /** `domain/path` without tag or digest, e.g. `docker.io/library/golang`. */
  readonly name: string;
  /**
   * Fully qualified, with `:latest` added when neither tag nor digest was written
   * (`TagNameOnly`), e.g. `docker.io/library/golang:1.22-alpine`.
   */
  readonly full: string;
  /** Docker's short form (`FamiliarString`), e.g. `golang:1.22-alpine`; no default tag. */
  readonly familiar: string;
}

/** Docker Hub's canonical domain. */
export const DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
const OFFICIAL_REPO_PREFIX = 'library/';
const NAME_TOTAL_LENGTH_MAX = 255;

const alnum = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alnum}(?:${separator}${alnum})*`;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const host = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])`;
const domainAndPort = `${host}(?::[0-9]+)?`;
const namePat = `(?:${domainAndPort}/)?${pathComponent}(?:/${pathComponent})*`;
const tagPat = '[\\w][\\w.-]{0,127}';
const digestPat = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE_RE = new RegExp(`^(${namePat})(?::(${tagPat}))?(?:@(${digestPat}))?$`);
const ANCHORED_IDENTIFIER_RE = /^[a-f0-9]{64}$/;
const DIGEST_SIZES: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/** Validate an `algo:hex` digest as go-digest's `Digest.Validate` does. */
function validateDigest(d: string): void {
  const i = d.indexOf(':');
  if (i <= 0 || i + 1 === d.length) throw new Error('invalid checksum digest format');
  const size = DIGEST_SIZES[d.slice(0, i)];
  if (size === undefined) throw new Error('unsupported digest algorithm');
  const hex = d.slice(i + 1);
  if (hex.length !== size) throw new Error('invalid checksum digest length');
  if (!/^[a-f0-9]+$/.test(hex)) throw new Error('invalid checksum digest format');
}

/** Split off the registry the way `splitDockerDomain` does. */
function splitDockerDomain(s: string): { domain: string; remainder: string } {
  const i = s.indexOf('/');
  let domain: string;
  let remainder: string;
  const first = i === -1 ? '' : s.slice(0, i);
  if (i === -1 || (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first)) {
    domain = DEFAULT_DOMAIN;
    remainder = s;
  } else {
    domain = first;
    remainder = s.slice(i + 1);
  }
  if (domain === LEGACY_DEFAULT_DOMAIN) domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/')) remainder = OFFICIAL_REPO_PREFIX + remainder;
  return { domain, remainder };
}

/** Strict grammar check of a fully qualified reference (`reference.Parse`). */
function parseStrict(s: string): { name: string; tag?: string; digest?: string } {
  const m = REFERENCE_RE.exec(s);
  if (!m) {
    if (s === '') throw new Error('repository name must have at least one component');
    if (REFERENCE_RE.test(s.toLowerCase())) throw new Error('repository name must be lowercase');
    throw new Error('invalid reference format');
  }
  const name = m[1]!;
  if (name.length > NAME_TOTAL_LENGTH_MAX) {
    throw new Error(`repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters`);
  }
  if (m[3] !== undefined) validateDigest(m[3]);
  return { name, ...(m[2] !== undefined ? { tag: m[2] } : {}), ...(m[3] !== undefined ? { digest: m[3] } : {}) };
}

/**
 * Parse and normalise a reference as Docker does (`ParseNormalizedNamed`). Throws `Error`
 * with distribution/reference's text: `invalid reference format`,
 * `invalid reference format: repository name (library/Foo) must be lowercase`, ...
 */
export function parseReference(s: string): ImageReference {
  if (ANCHORED_IDENTIFIER_RE.test(s)) {
    throw new Error(`invalid repository name (${s}), cannot specify 64-byte hexadecimal strings`);
  }
  const { domain, remainder } = splitDockerDomain(s);
  const tagSep = remainder.indexOf(':');
  const remoteName = tagSep > -1 ? remainder.slice(0, tagSep) : remainder;
  if (remoteName.toLowerCase() !== remoteName) {
    throw new Error(`invalid reference format: repository name (${remoteName}) must be lowercase`);
  }
  const parsed = parseStrict(`${domain}/${remainder}`);
  const path = parsed.name.slice(domain.length + 1);
  let short = parsed.name;
  if (domain === DEFAULT_DOMAIN) {
    short = path.startsWith(OFFICIAL_REPO_PREFIX) && !path.slice(OFFICIAL_REPO_PREFIX.length).includes('/')
      ? path.slice(OFFICIAL_REPO_PREFIX.length)
      : path;
  }
  const suffix = (parsed.tag !== undefined ? `:${parsed.tag}` : '') + (parsed.digest !== undefined ? `@${parsed.digest}` : '');
  const full = parsed.name + (parsed.tag === undefined && parsed.digest === undefined ? ':latest' : suffix);
  return {
    domain,
    path,
    ...(parsed.tag !== undefined ? { tag: parsed.tag } : {}),
    ...(parsed.digest !== undefined ? { digest: parsed.digest } : {}),
    name: parsed.name,
    full,
    familiar: short + suffix,
  };
}
