import type { Lesson } from '#engine/lessons';
import { BINARIES, BUILD_ARGS } from '../dockerfiles.ts';

/** Chapter 6: write build results to the workspace instead of an image. */
export const lesson: Lesson = {
  id: '06-export-binaries',
  title: 'Export binaries',
  summary: 'Use --output to get the compiled programs out of the build as plain files, and add a stage that holds both.',
  steps: [
    {
      id: 'output-server',
      title: 'Export the server binary',
      prose: '01-output-server.md',
      commands: ['docker build --output=. --target=server .', 'ls -l ./bin'],
      check: { kind: 'output-file', path: 'bin/server' },
      hint: 'No Dockerfile change is needed: `--output=.` writes the target stage\'s files into the current folder, so the server stage\'s `/bin/server` lands in `./bin/server`.',
      solution: [{ path: 'Dockerfile', text: BUILD_ARGS }],
      warnings: [],
    },
    {
      id: 'binaries-stage',
      title: 'A stage for both binaries',
      prose: '02-binaries-stage.md',
      commands: ['docker build --output=bin --target=binaries .', 'ls -l bin'],
      check: {
        kind: 'all',
        checks: [
          { kind: 'output-file', path: 'bin/client' },
          { kind: 'output-file', path: 'bin/server' },
        ],
      },
      hint: 'Add a last stage `FROM scratch AS binaries` with `COPY --from=build-client /bin/client /` and `COPY --from=build-server /bin/server /`.',
      solution: [{ path: 'Dockerfile', text: BINARIES }],
      warnings: [],
      guide: {
        lines: ['client   7581933', 'server   7459368'],
        note: 'File sizes in bytes, as `ls -l bin` prints them (type it in the terminal). They are uncompressed, so larger than the image sizes of chapter 3.',
      },
    },
  ],
};
