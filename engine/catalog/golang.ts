import type { TreeEntry } from '../fs/types.ts';
import { alpineConfig, alpinePkgs, alpineRelease, alpineRootfs, apkInstalledDb, DEFAULT_PATH, type AlpineRelease } from './alpine.ts';
import type { ApkPackage } from './alpine-packages.ts';
import { epoch, extendConfig, history, setEnv } from './config.ts';
import { debianCurlLayer, debianGccLayer, debianHistory, debianRootfs, debianScmLayer, DEBIAN_CREATED, DEBIAN_PATH } from './debian.ts';
import { addGoTree, hasToolchainEnv, isLinkBuild, type GoRelease } from './gotree.ts';
import { archInfo, platformObject } from './platform.ts';
import { TreeBuilder } from './tree.ts';
import type { HistoryEntry, ImageConfig, ImageSpec, LayerSpec, PlatformString } from './types.ts';

/** Platforms modelled for golang (the real images also have 386, arm/v6, ppc64le, riscv64, s390x). */
export const GOLANG_PLATFORMS: readonly PlatformString[] = ['linux/amd64', 'linux/arm64', 'linux/arm/v7'];

/** Files in `/usr/local/go` (the real tree has ~15,000; sizes are what matter). */
const GO_TREE_FILES = 2400;

const GO_PATH_VALUE = (base: string) => `/go/bin:/usr/local/go/bin:${base.slice('PATH='.length)}`;

const CA_PEMS = [
  'ACCVRAIZ1', 'AC_RAIZ_FNMT-RCM', 'Actalis_Authentication_Root_CA', 'AffirmTrust_Commercial', 'Amazon_Root_CA_1',
  'Amazon_Root_CA_2', 'Baltimore_CyberTrust_Root', 'Certum_Trusted_Network_CA', 'DigiCert_Global_Root_CA',
  'DigiCert_Global_Root_G2', 'GlobalSign_Root_CA', 'GTS_Root_R1', 'ISRG_Root_X1', 'ISRG_Root_X2',
  'QuoVadis_Root_CA_2', 'SecureTrust_CA', 'USERTrust_RSA_Certification_Authority',
];

/** The `ca-certificates` apk package golang's alpine images add. */
function caPackage(a: AlpineRelease): ApkPackage {
  return {
    name: 'ca-certificates', version: a.caBundle, description: 'Common CA certificates PEM files from Mozilla',
    url: 'https://www.mozilla.org/en-US/about/governance/policies/security-group/certs/', license: 'MPL-2.0 AND MIT',
    origin: 'ca-certificates', depends: ['ca-certificates-bundle'], provides: [],
    files: [
      { path: '/etc/ca-certificates.conf', kind: 'text', text: CA_PEMS.map((n) => `mozilla/${n}.crt`).join('\n') + '\n' },
      { path: '/usr/sbin/update-ca-certificates', kind: 'blob', size: 34_184, mode: 0o755 },
      ...CA_PEMS.map((n) => ({ path: `/usr/share/ca-certificates/mozilla/${n}.crt`, kind: 'blob' as const, size: 1_900, mode: 0o644 })),
    ],
  };
}

/** `RUN apk add --no-cache ca-certificates` on top of alpine `a`. */
function caLayer(a: AlpineRelease, platform: PlatformString, mtime: number): TreeEntry[] {
  const arch = archInfo(platform);
  const t = new TreeBuilder(mtime);
  const pkg = caPackage(a);
  for (const f of pkg.files) {
    if (f.kind === 'text') t.file(f.path, f.text);
    else if (f.kind === 'blob') t.blob(f.path, f.size, 0.55, `ca-${a.caBundle}:${f.path}`, { mode: f.mode ?? 0o644 });
  }
  for (const n of CA_PEMS) t.symlink(`/etc/ssl/certs/${n}.pem`, `/usr/share/ca-certificates/mozilla/${n}.crt`);
  t.dir('/etc/ca-certificates/update.d');
  t.blob('/etc/ssl/certs/ca-certificates.crt', 221_432, 0.55, `ca-${a.caBundle}:bundle-updated`);
  addApkState(t, a, arch, mtime, ['ca-certificates']);
  return t.entries();
}

/** The apk database and world file after installing `extra` on the base packages. */
function addApkState(t: TreeBuilder, a: AlpineRelease, arch: ReturnType<typeof archInfo>, mtime: number, extra: string[]): void {
  const pkgs = [...alpinePkgs(a, arch), caPackage(a)].sort((x, y) => (x.name < y.name ? -1 : 1));
  t.file('/lib/apk/db/installed', apkInstalledDb(pkgs, arch, mtime));
  t.blob('/lib/apk/db/scripts.tar', 30_720, 0.08, `alpine-${a.release}:scripts.tar+ca`);
  t.file('/etc/apk/world', ['alpine-baselayout', 'alpine-keys', 'alpine-release', 'apk-tools', 'busybox', 'ca-certificates-bundle', 'libc-utils', ...extra].sort().join('\n') + '\n');
}

/** `/usr/local/go` (and for source builds, the apk bookkeeping the RUN step touched). */
function goLayer(g: GoRelease, platform: PlatformString, alpine?: AlpineRelease): TreeEntry[] {
  const a = archInfo(platform);
  const fromSource = alpine !== undefined && g.alpineTree !== undefined;
  const t = new TreeBuilder(epoch(fromSource ? g.built : g.released));
  addGoTree(t, g, a, fromSource ? g.alpineTree! : g.tree, GO_TREE_FILES);
  if (fromSource) addApkState(t, alpine!, a, epoch(g.built), ['ca-certificates']);
  return t.entries();
}

/** `RUN mkdir -p "$GOPATH/src" "$GOPATH/bin" && chmod -R 1777 "$GOPATH"`. */
function goPathLayer(g: GoRelease): TreeEntry[] {
  return new TreeBuilder(epoch(g.built)).dir('/go', { mode: 0o1777 }).dir('/go/bin', { mode: 0o1777 }).dir('/go/src', { mode: 0o1777 }).entries();
}

/** Env, history tail and layers common to both variants, after the distro's own layers. */
function golangTail(g: GoRelease, basePath: string, distroStep: HistoryEntry): { env: string[]; hist: HistoryEntry[] } {
  const c = g.built;
  const link = isLinkBuild(g);
  const goPath = GO_PATH_VALUE(basePath);
  let env = [basePath];
  const hist: HistoryEntry[] = [distroStep];
  const envStep = (k: string, v: string) => {
    env = setEnv(env, k, v);
    hist.push(link ? history(c, `ENV ${k}=${v}`, true, true) : history(c, `/bin/sh -c #(nop)  ENV ${k}=${v}`, true, false));
  };
  if (link) {
    envStep('GOLANG_VERSION', g.version);
    if (hasToolchainEnv(g)) envStep('GOTOOLCHAIN', 'local');
    envStep('GOPATH', '/go');
    envStep('PATH', goPath);
    hist.push(history(c, 'COPY /target/ / # buildkit', false, true));
    hist.push(history(c, 'RUN /bin/sh -c mkdir -p "$GOPATH/src" "$GOPATH/bin" && chmod -R 1777 "$GOPATH" # buildkit', false, true));
    hist.push(history(c, 'WORKDIR /go', true, true));
  } else {
    envStep('PATH', `/usr/local/go/bin:${basePath.slice('PATH='.length)}`);
    envStep('GOLANG_VERSION', g.version);
    hist.push(history(c, `/bin/sh -c set -eux; \tarch="$(dpkg --print-architecture || apk --print-arch)"; \turl=; \t# go${g.version} download, verify and install into /usr/local/go \tgo version`, false, false));
    envStep('GOPATH', '/go');
    envStep('PATH', goPath);
    hist.push(history(c, '/bin/sh -c mkdir -p "$GOPATH/src" "$GOPATH/bin" && chmod -R 1777 "$GOPATH"', false, false));
    hist.push(history(c, '/bin/sh -c #(nop) WORKDIR /go', true, false));
  }
  return { env, hist };
}

/** `golang:<minor>-alpine<alpineMinor>` for a platform. */
export function golangAlpineSpec(g: GoRelease, alpineMinor: string, platform: PlatformString): ImageSpec {
  const alp = alpineRelease(alpineMinor);
  if (!alp) throw new Error(`no alpine ${alpineMinor}`);
  const link = isLinkBuild(g);
  const ca = link
    ? history(g.built, 'RUN /bin/sh -c apk add --no-cache ca-certificates # buildkit', false, true)
    : history(g.built, '/bin/sh -c apk add --no-cache ca-certificates', false, false);
  const { env, hist } = golangTail(g, DEFAULT_PATH, ca);
  const config = extendConfig(alpineConfig(alp, platform), g.built, { Env: env, WorkingDir: '/go' }, hist);
  const fromSource = !link && g.alpineTree !== undefined;
  const layers: LayerSpec[] = [
    { key: `alpine/${alp.release}/${platform}`, build: () => alpineRootfs(alp, platform) },
    { key: `golang-ca/${g.version}-alpine${alp.minor}/${platform}`, build: () => caLayer(alp, platform, epoch(g.built)) },
    fromSource
      ? { key: `golang-src/${g.version}-alpine${alp.minor}/${platform}`, build: () => goLayer(g, platform, alp) }
      : { key: `go/${g.version}/${platform}`, build: () => goLayer(g, platform) },
    { key: `gopath/${g.version}/${platform}`, build: () => goPathLayer(g) },
  ];
  return { config, layers };
}

/** `golang:<minor>` (Debian bookworm) for a platform. */
export function golangDebianSpec(g: GoRelease, platform: PlatformString): ImageSpec {
  const link = isLinkBuild(g);
  const apt = 'set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tg++ \t\tgcc \t\tlibc6-dev \t\tmake \t\tpkg-config \t; \trm -rf /var/lib/apt/lists/*';
  const gccStep = link ? history(g.built, `RUN /bin/sh -c ${apt} # buildkit`, false, true) : history(g.built, `/bin/sh -c ${apt}`, false, false);
  const { env, hist } = golangTail(g, DEBIAN_PATH, gccStep);
  const base: ImageConfig = {
    ...platformObject(platform), created: DEBIAN_CREATED,
    config: { Env: [DEBIAN_PATH], Cmd: ['bash'], WorkingDir: '' }, history: debianHistory(platform),
  };
  const config = extendConfig(base, g.built, { Env: env, WorkingDir: '/go' }, hist);
  const layers: LayerSpec[] = [
    { key: `debian/bookworm/${platform}`, build: () => debianRootfs(platform) },
    { key: `debian/bookworm-curl/${platform}`, build: () => debianCurlLayer(platform) },
    { key: `debian/bookworm-scm/${platform}`, build: () => debianScmLayer(platform) },
    { key: `debian/bookworm-gcc/${platform}`, build: () => debianGccLayer(platform, epoch(DEBIAN_CREATED) + 10_800) },
    { key: `go/${g.version}/${platform}`, build: () => goLayer(g, platform) },
    { key: `gopath/${g.version}/${platform}`, build: () => goPathLayer(g) },
  ];
  return { config, layers };
}
