/** Content digests (`sha256:<hex>`). */
import type { Chunks, Hasher } from '../platform/types.ts';

/** A SHA-256 content digest. */
export type Digest = `sha256:${string}`;

/** The digest of the concatenated chunks. */
export async function digestOf(hasher: Hasher, chunks: Chunks): Promise<Digest> {
  return `sha256:${await hasher.sha256(chunks)}`;
}

/** The hex part of a digest. */
export function digestHex(d: Digest): string {
  return d.slice('sha256:'.length);
}

/** Memoises an async computation (go-containerregistry's sync.Once). */
export function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= fn());
}

/** ChainID of layers (base first): `ChainID(L0) = DiffID(L0)`, then `sha256(parent + " " + diffId)`. */
export async function chainId(hasher: Hasher, diffIds: readonly Digest[]): Promise<Digest | undefined> {
  let chain: Digest | undefined;
  for (const d of diffIds) chain = chain === undefined ? d : await digestOf(hasher, [new TextEncoder().encode(`${chain} ${d}`)]);
  return chain;
}
