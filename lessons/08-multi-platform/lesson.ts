import type { Lesson } from '#engine/lessons';
import { MULTI_PLATFORM } from '../dockerfiles.ts';

const CASING = (line: number) => `FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line ${line})`;
const WARNINGS = [CASING(11), CASING(18), CASING(38)];

/** Chapter 8: cross-compile for other platforms instead of emulating them. */
export const lesson: Lesson = {
  id: '08-multi-platform',
  title: 'Multi-platform',
  summary: 'Build for ARM and other operating systems by letting Go cross-compile on the build machine, and export binaries for several platforms at once.',
  steps: [
    {
      id: 'arm-server',
      title: 'Build the server for 32-bit ARM',
      prose: '01-arm-server.md',
      commands: ['docker build --target=server --platform=linux/arm/v7 --tag=buildme-server .'],
      check: { kind: 'platforms', image: 'buildme-server', platforms: ['linux/arm/v7'] },
      hint: 'Start the base stage `FROM --platform=$BUILDPLATFORM`, declare `ARG TARGETOS` and `ARG TARGETARCH` in both build stages, and prefix each `go build` with `GOOS=$TARGETOS GOARCH=$TARGETARCH`.',
      solution: [{ path: 'Dockerfile', text: MULTI_PLATFORM }],
      warnings: WARNINGS,
    },
    {
      id: 'binaries-all',
      title: 'Binaries for three platforms in one build',
      prose: '02-binaries-all.md',
      commands: ['docker build --target=binaries --output=bin --platform=linux/amd64,linux/arm64,linux/arm/v7 .'],
      check: {
        kind: 'all',
        checks: ['linux_amd64', 'linux_arm64', 'linux_arm_v7'].flatMap((dir) => [
          { kind: 'output-file', path: `bin/${dir}/client` } as const,
          { kind: 'output-file', path: `bin/${dir}/server` } as const,
        ]),
      },
      hint: 'The Dockerfile is ready; pass all three platforms to one `--platform`, separated by commas.',
      solution: [{ path: 'Dockerfile', text: MULTI_PLATFORM }],
      warnings: WARNINGS,
      guide: {
        lines: ['bin', '├── linux_amd64', '│   ├── client', '│   └── server', '├── linux_arm64', '│   ├── client', '│   └── server', '└── linux_arm_v7', '    ├── client', '    └── server'],
      },
    },
    {
      id: 'other-os',
      title: 'macOS and Windows too',
      prose: '03-other-os.md',
      commands: ['docker build --target=binaries --output=bin --platform=darwin/arm64,windows/amd64 .'],
      check: {
        kind: 'all',
        checks: ['darwin_arm64', 'windows_amd64'].flatMap((dir) => [
          { kind: 'output-file', path: `bin/${dir}/client` } as const,
          { kind: 'output-file', path: `bin/${dir}/server` } as const,
        ]),
      },
      hint: 'Only `--platform` changes. This works because nothing in the build stages runs the target platform\'s programs: Go cross-compiles on the build platform.',
      solution: [{ path: 'Dockerfile', text: MULTI_PLATFORM }],
      warnings: WARNINGS,
    },
  ],
};
