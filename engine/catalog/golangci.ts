import { epoch, extendConfig, history, setEnv } from './config.ts';
import { GO_RELEASES } from './gotree.ts';
import { golangDebianSpec } from './golang.ts';
import { archInfo } from './platform.ts';
import { TreeBuilder } from './tree.ts';
import type { ImageSpec, PlatformString } from './types.ts';

/** One `golangci/golangci-lint:v1.5x` image (goreleaser's `build/buildx.Dockerfile`). */
export interface GolangciRelease {
  /** `v1.52` */
  readonly minor: string;
  /** `v1.52.2` */
  readonly version: string;
  readonly created: string;
  /** The `FROM golang:<go>` of its Dockerfile. */
  readonly go: string;
  /** amd64 size of `/usr/bin/golangci-lint`. */
  readonly binary: number;
}

/**
 * golangci-lint releases. The image is `FROM golang:<go>` + `ENV GOROOT /usr/local/go`
 * (+ `ENV GOTOOLCHAIN auto` from v1.54, once the base has Go 1.21) + `RUN git config --global
 * --add safe.directory '*'` + `COPY golangci-lint /usr/bin/` + `CMD ["golangci-lint"]`.
 * The catalog builds them on its own golang images (the last patch of that Go minor).
 */
export const GOLANGCI_RELEASES: readonly GolangciRelease[] = [
  { minor: 'v1.52', version: 'v1.52.2', created: '2023-03-25T13:12:24Z', go: '1.20', binary: 38_580_224 },
  { minor: 'v1.53', version: 'v1.53.3', created: '2023-06-15T17:04:40Z', go: '1.20', binary: 40_370_176 },
  { minor: 'v1.54', version: 'v1.54.2', created: '2023-08-23T11:05:32Z', go: '1.21', binary: 41_484_288 },
  { minor: 'v1.55', version: 'v1.55.2', created: '2023-11-03T13:47:38Z', go: '1.21', binary: 43_446_272 },
  { minor: 'v1.56', version: 'v1.56.2', created: '2024-02-15T20:06:25Z', go: '1.22', binary: 44_974_080 },
  { minor: 'v1.57', version: 'v1.57.2', created: '2024-03-28T15:20:03Z', go: '1.22', binary: 47_284_224 },
  { minor: 'v1.58', version: 'v1.58.2', created: '2024-05-19T16:11:42Z', go: '1.22', binary: 48_369_664 },
  { minor: 'v1.59', version: 'v1.59.1', created: '2024-06-13T20:41:35Z', go: '1.22', binary: 49_860_608 },
];

/** The release `golangci/golangci-lint:latest` points at in this catalog. */
export const GOLANGCI_LATEST = 'v1.59';

/** Platforms of the golangci-lint images. */
export const GOLANGCI_PLATFORMS: readonly PlatformString[] = ['linux/amd64', 'linux/arm64'];

/** `v1.52` or `v1.52.2`. */
export function golangciRelease(tag: string): GolangciRelease | undefined {
  return GOLANGCI_RELEASES.find((r) => r.minor === tag || r.version === tag);
}

/** `golangci/golangci-lint:<tag>` for a platform. */
export function golangciSpec(r: GolangciRelease, platform: PlatformString): ImageSpec {
  const g = GO_RELEASES.find((x) => x.minor === r.go)!;
  const base = golangDebianSpec(g, platform);
  const a = archInfo(platform);
  const c = r.created;
  let env = setEnv(base.config.config.Env, 'GOROOT', '/usr/local/go');
  const hist = [history(c, 'ENV GOROOT=/usr/local/go', true, true)];
  const toolchain = Number(r.go.split('.')[1]) >= 21;
  if (toolchain) {
    env = setEnv(env, 'GOTOOLCHAIN', 'auto');
    hist.push(history(c, 'ENV GOTOOLCHAIN=auto', true, true));
  }
  hist.push(
    history(c, "RUN /bin/sh -c git config --global --add safe.directory '*' # buildkit", false, true),
    history(c, 'COPY golangci-lint /usr/bin/ # buildkit', false, true),
    history(c, 'CMD ["golangci-lint"]', true, true),
  );
  const config = extendConfig(base.config, c, { Env: env, Cmd: ['golangci-lint'] }, hist);
  const mtime = epoch(c);
  return {
    config,
    layers: [
      ...base.layers,
      { key: `golangci/${r.version}/gitconfig`, build: () => new TreeBuilder(mtime).dir('/root', { mode: 0o700 }).file('/root/.gitconfig', '[safe]\n\tdirectory = *\n').entries() },
      {
        key: `golangci/${r.version}/${platform}`,
        build: () => new TreeBuilder(mtime).tool('/usr/bin/golangci-lint', 'golangci-lint', Math.round(r.binary * a.scale), 0.38).entries(),
      },
    ],
  };
}
