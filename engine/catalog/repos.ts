import { ALPINE_LATEST, ALPINE_PLATFORMS, ALPINE_RELEASES, alpineConfig, alpineRootfs } from './alpine.ts';
import { BUSYBOX_LATEST, BUSYBOX_PLATFORMS, BUSYBOX_RELEASES, busyboxConfig, busyboxRootfs } from './busybox.ts';
import { GOLANGCI_LATEST, GOLANGCI_PLATFORMS, GOLANGCI_RELEASES, golangciSpec } from './golangci.ts';
import { GOLANG_PLATFORMS, golangAlpineSpec, golangDebianSpec } from './golang.ts';
import { GO_LATEST, GO_RELEASES } from './gotree.ts';
import type { ImageSpec, LayerSpec, PlatformString } from './types.ts';

/** What one tag of a catalog repository resolves to. */
export interface TagDef {
  /**
   * The image's identity: tags that are aliases of one image (`golang:1.20-alpine`,
   * `golang:1.20.14-alpine3.19`) share it, and so share their digests.
   */
  readonly identity: string;
  readonly platforms: readonly PlatformString[];
  spec(platform: PlatformString): ImageSpec;
}

/** One repository of the catalog. */
export interface RepoDef {
  /** e.g. `docker.io/library/golang` */
  readonly name: string;
  /** e.g. `golang` */
  readonly familiar: string;
  readonly tags: ReadonlyMap<string, TagDef>;
  readonly platforms: readonly PlatformString[];
}

function repo(path: string, familiar: string, platforms: readonly PlatformString[], add: (tag: (t: string, d: TagDef) => void) => void): RepoDef {
  const tags = new Map<string, TagDef>();
  add((t, d) => {
    if (!tags.has(t)) tags.set(t, d);
  });
  return { name: `docker.io/${path}`, familiar, tags, platforms };
}

function alpineRepo(): RepoDef {
  return repo('library/alpine', 'alpine', ALPINE_PLATFORMS, (tag) => {
    for (const r of ALPINE_RELEASES) {
      const def: TagDef = {
        identity: `alpine:${r.release}`,
        platforms: ALPINE_PLATFORMS,
        spec: (p) => ({ config: alpineConfig(r, p), layers: [{ key: `alpine/${r.release}/${p}`, build: () => alpineRootfs(r, p) }] }),
      };
      tag(r.minor, def);
      tag(r.release, def);
      if (r.minor === ALPINE_LATEST) tag('latest', def);
    }
  });
}

function busyboxRepo(): RepoDef {
  return repo('library/busybox', 'busybox', BUSYBOX_PLATFORMS, (tag) => {
    for (const r of BUSYBOX_RELEASES) {
      const def: TagDef = {
        identity: `busybox:${r.version}`,
        platforms: BUSYBOX_PLATFORMS,
        spec: (p) => ({ config: busyboxConfig(r, p), layers: [{ key: `busybox/${r.version}/${p}`, build: () => busyboxRootfs(r, p) }] }),
      };
      for (const v of [r.minor, r.version]) {
        tag(v, def);
        tag(`${v}-glibc`, def);
      }
      if (r.minor === BUSYBOX_LATEST) {
        tag('latest', def);
        tag('glibc', def);
      }
    }
  });
}

function golangRepo(): RepoDef {
  return repo('library/golang', 'golang', GOLANG_PLATFORMS, (tag) => {
    for (const g of GO_RELEASES) {
      const latest = g.minor === GO_LATEST;
      const names = latest ? [g.minor, g.version, '1', 'latest'] : [g.minor, g.version];
      const debian: TagDef = { identity: `golang:${g.version}-bookworm`, platforms: GOLANG_PLATFORMS, spec: (p) => golangDebianSpec(g, p) };
      for (const n of names) {
        tag(n === 'latest' ? 'latest' : n, debian);
        tag(n === 'latest' ? 'bookworm' : `${n}-bookworm`, debian);
      }
      g.alpines.forEach((a, i) => {
        const def: TagDef = { identity: `golang:${g.version}-alpine${a}`, platforms: GOLANG_PLATFORMS, spec: (p) => golangAlpineSpec(g, a, p) };
        const isDefault = i === g.alpines.length - 1;
        for (const n of names) {
          const prefix = n === 'latest' ? '' : `${n}-`;
          tag(`${prefix}alpine${a}`, def);
          if (isDefault) tag(`${prefix}alpine`, def);
        }
      });
    }
  });
}

function golangciRepo(): RepoDef {
  return repo('golangci/golangci-lint', 'golangci/golangci-lint', GOLANGCI_PLATFORMS, (tag) => {
    for (const r of GOLANGCI_RELEASES) {
      const def: TagDef = { identity: `golangci-lint:${r.version}`, platforms: GOLANGCI_PLATFORMS, spec: (p) => golangciSpec(r, p) };
      tag(r.minor, def);
      tag(r.version, def);
      if (r.minor === GOLANGCI_LATEST) tag('latest', def);
    }
  });
}

let cache: ReadonlyMap<string, RepoDef> | undefined;

/** Every catalog repository by normalised name (`docker.io/library/golang`). */
export function catalogRepos(): ReadonlyMap<string, RepoDef> {
  cache ??= new Map([alpineRepo(), busyboxRepo(), golangRepo(), golangciRepo()].map((r) => [r.name, r]));
  return cache;
}

/** Every distinct layer of the catalog (by key), for the digest table script and its test. */
export function allLayerSpecs(filter: (repo: RepoDef) => boolean = () => true): LayerSpec[] {
  const out = new Map<string, LayerSpec>();
  for (const repo of catalogRepos().values()) {
    if (!filter(repo)) continue;
    const seen = new Set<string>();
    for (const def of repo.tags.values()) {
      if (seen.has(def.identity)) continue;
      seen.add(def.identity);
      for (const p of def.platforms) for (const l of def.spec(p).layers) if (!out.has(l.key)) out.set(l.key, l);
    }
  }
  return [...out.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
}
