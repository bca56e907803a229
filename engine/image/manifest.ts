/** Descriptors, manifests and indexes, serialised in Go struct order. */
import type { Digest } from './digest.ts';
import { goJson, ordered } from './json.ts';

/** An OCI platform. */
export interface Platform {
  readonly architecture: string;
  readonly os: string;
  readonly 'os.version'?: string;
  readonly 'os.features'?: readonly string[];
  readonly variant?: string;
}

/** A content descriptor. */
export interface Descriptor {
  readonly mediaType: string;
  readonly digest: Digest;
  readonly size: number;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly platform?: Platform;
}

/** An image manifest; layers base first, matching rootfs.diff_ids. */
export interface Manifest {
  readonly schemaVersion: 2;
  readonly mediaType: string;
  readonly config: Descriptor;
  readonly layers: readonly Descriptor[];
  readonly annotations?: Readonly<Record<string, string>>;
}

/** An image index (one manifest per platform). */
export interface Index {
  readonly schemaVersion: 2;
  readonly mediaType?: string;
  readonly manifests: readonly Descriptor[];
  readonly annotations?: Readonly<Record<string, string>>;
}

const PLATFORM_ORDER = ['architecture', 'os', 'os.version', 'os.features', 'variant'];
const DESCRIPTOR_ORDER = ['mediaType', 'digest', 'size', 'urls', 'annotations', 'data', 'platform', 'artifactType'];

function sortedMap(m: Readonly<Record<string, string>> | undefined): Record<string, string> | undefined {
  return m && Object.fromEntries(Object.keys(m).sort().map((k) => [k, m[k]!]));
}

/** A descriptor as a plain object in Go field order. */
export function descriptorObject(d: Descriptor): Record<string, unknown> {
  return ordered(
    { ...d, annotations: sortedMap(d.annotations), platform: d.platform && ordered(d.platform, PLATFORM_ORDER) },
    DESCRIPTOR_ORDER,
  );
}

/** Manifest JSON as BuildKit writes it: two-space indent, no trailing newline. */
export function manifestJson(m: Manifest): string {
  return goJson(
    ordered(
      {
        schemaVersion: m.schemaVersion,
        mediaType: m.mediaType,
        config: descriptorObject(m.config),
        layers: m.layers.map(descriptorObject),
        annotations: sortedMap(m.annotations),
      },
      ['schemaVersion', 'mediaType', 'artifactType', 'config', 'layers', 'subject', 'annotations'],
      false,
    ),
    2,
  );
}

/** Index JSON: two-space indent for a BuildKit index blob, compact for `index.json`. */
export function indexJson(ix: Index, indent?: number): string {
  return goJson(
    ordered({ schemaVersion: ix.schemaVersion, mediaType: ix.mediaType, manifests: ix.manifests.map(descriptorObject), annotations: sortedMap(ix.annotations) }, [
      'schemaVersion',
      'mediaType',
      'artifactType',
      'manifests',
      'subject',
      'annotations',
    ], false),
    indent,
  );
}
