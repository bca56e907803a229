import type { Lesson } from '#engine/lessons';
import { BUILD_ARGS, GO_VERSION_ARG } from '../dockerfiles.ts';
import { serverPrints } from '../prints.ts';

/** Chapter 5: change a build from the command line with ARG. */
export const lesson: Lesson = {
  id: '05-build-arguments',
  title: 'Build arguments',
  summary: 'Choose the Go version and stamp a version number into the server from the command line, without editing the Dockerfile.',
  steps: [
    {
      id: 'go-version',
      title: 'Pick the Go version at build time',
      prose: '01-go-version.md',
      commands: ['docker build --build-arg="GO_VERSION=1.19" .'],
      check: { kind: 'step-ran', match: 'golang:1.19-alpine' },
      hint: 'Above the first `FROM`, declare `ARG GO_VERSION=1.20`, and use it in the image name: `FROM golang:${GO_VERSION}-alpine AS base`.',
      solution: [{ path: 'Dockerfile', text: GO_VERSION_ARG }],
      warnings: [],
    },
    {
      id: 'app-version',
      title: 'Stamp a version into the server',
      prose: '02-app-version.md',
      commands: ['docker build --target=server --build-arg="APP_VERSION=v0.0.1" --tag=buildme-server .', 'docker run buildme-server'],
      check: {
        kind: 'all',
        checks: [
          { kind: 'image-exists', image: 'buildme-server' },
          { kind: 'image-prints', image: 'buildme-server', lines: serverPrints('v0.0.1') },
        ],
      },
      hint: 'In the build-server stage, declare `ARG APP_VERSION="0.0.0+unknown"` and pass it to the linker: `go build -ldflags "-X main.version=$APP_VERSION" -o /bin/server ./cmd/server`.',
      solution: [{ path: 'Dockerfile', text: BUILD_ARGS }],
      warnings: [],
      guide: { lines: serverPrints('v0.0.1') },
    },
  ],
};
