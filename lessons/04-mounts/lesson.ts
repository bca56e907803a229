import type { Lesson } from '#engine/lessons';
import { BIND_MOUNTS, CACHE_MOUNT } from '../dockerfiles.ts';

/** Chapter 4: cache mounts for downloads, bind mounts instead of copies. */
export const lesson: Lesson = {
  id: '04-mounts',
  title: 'Mounts',
  summary: 'Keep Go\'s module cache between builds with a cache mount, and mount the source instead of copying it into a layer.',
  steps: [
    {
      id: 'cache-mount',
      title: 'A cache for downloaded modules',
      prose: '01-cache-mount.md',
      commands: ['docker builder prune -af', 'docker build --target=client --progress=plain . 2> log1.txt', "awk '/proxy.golang.org/' log1.txt"],
      check: {
        kind: 'all',
        checks: [
          { kind: 'step-ran', match: '--mount=type=cache,target=/go/pkg/mod/', target: 'client' },
          { kind: 'step-ran', match: 'go mod download -x', target: 'client' },
        ],
      },
      hint: 'Put `--mount=type=cache,target=/go/pkg/mod/` right after `RUN` on the `go mod download` line and on both `go build` lines, and add `-x` to `go mod download` so it prints each download.',
      solution: [{ path: 'Dockerfile', text: CACHE_MOUNT }],
      warnings: [],
      guide: {
        lines: ['# get https://proxy.golang.org/...: 200 OK (0.049s)'],
        note: 'One line per module file. The guide\'s app has other dependencies; here you will see github.com/google/uuid and github.com/spf13/pflag. stageplay has no network: the module proxy and its timings are simulated.',
      },
    },
    {
      id: 'bind-mounts',
      title: 'Mount the source instead of copying it',
      prose: '02-bind-mounts.md',
      commands: ['docker build --target=client --progress=plain .', 'docker build --target=client --progress=plain .'],
      check: {
        kind: 'all',
        checks: [
          { kind: 'no-step', match: 'COPY go.mod go.sum', target: 'client' },
          { kind: 'no-step', match: 'COPY . .', target: 'client' },
          { kind: 'step-cached', match: 'go mod download', target: 'client' },
          { kind: 'step-ran', match: 'go build', cached: false, target: 'client' },
        ],
      },
      hint: 'Delete both `COPY` lines of the base stage. Give `go mod download` two bind mounts (`--mount=type=bind,source=go.mod,target=go.mod`, the same for go.sum), and give each `go build` `--mount=type=bind,target=.` next to its cache mount.',
      solution: [{ path: 'Dockerfile', text: BIND_MOUNTS }],
      warnings: [],
      guide: {
        lines: [],
        note: 'The guide adds a new dependency at this point and shows that only that module is downloaded; here, edit a .go file instead and watch `go mod download` stay CACHED while `go build` runs.',
      },
    },
  ],
};
