/**
 * "The way out": the workspace as a .zip to build with a real Docker, with a README.md at
 * its root listing the current lesson's commands, step by step, and how to run them.
 * Pure: files and the lesson in, bytes out (fflate).
 */
import { zipSync, type Zippable } from 'fflate';
import type { Lesson } from '#engine/lessons';

/** Entries get this time (zip times are local, from 1980): fixed, so the same files give the same zip. */
const ZIP_TIME = Date.UTC(2024, 0, 1, 12);

/** The README's name, or the name it takes beside a README.md the workspace already has. */
export function readmeName(files: ReadonlyMap<string, unknown>): string {
  return files.has('README.md') ? 'README.stageplay.md' : 'README.md';
}

/** The README for `lesson` (its steps' commands in order; `stepId` marks where the learner is). */
export function projectReadme(lesson: Lesson | undefined, stepId?: string, course?: readonly Lesson[]): string {
  const out: string[] = ['# Your stageplay project', ''];
  const chapter = lesson && course ? course.indexOf(lesson) + 1 : 0;
  out.push(
    lesson
      ? `This is the workspace of the lesson **${lesson.title}**${chapter > 0 ? ` (chapter ${chapter} of ${course!.length})` : ''}, as you left it in stageplay: the Dockerfile, the Go project and the files your commands wrote.`
      : 'This is your stageplay workspace as you left it: the Dockerfile, the Go project and the files your commands wrote.',
    '',
  );
  if (lesson) {
    out.push('## The commands of this lesson', '', 'Run them from this folder, in order, as you typed them in the sandbox:', '');
    for (const step of lesson.steps) {
      out.push(`### ${step.title}${step.id === stepId ? ' (where you are)' : ''}`, '', '```sh', ...step.commands, '```', '');
    }
  }
  out.push(
    '## Run them with a real Docker',
    '',
    '1. Install Docker Engine 23 or newer (Linux) or Docker Desktop (macOS, Windows): BuildKit is its builder, so `docker build` prints the same progress, errors and warnings you saw. `docker buildx version` says which Buildx you have.',
    '2. Unzip this archive and open a terminal in the folder (where the `Dockerfile` is).',
    '3. Type the commands above. `docker images`, `docker run --rm IMAGE` and `docker build --call=targets .` work as in the sandbox.',
    '',
    'What changes with a real daemon:',
    '',
    '- The Go toolchain is real: `go build` compiles every package (stageplay checked the syntax and wrote binaries that print what `main()` prints), so the binaries, their sizes and the image digests differ from the sandbox\'s.',
    '- The network is real: the first build pulls `golang` (about 100MB compressed) from Docker Hub and `go mod download` fetches the modules from proxy.golang.org; both are cached after that.',
    '- Durations are real, from your machine (the sandbox modeled them from the work each step does), and `--platform` builds for another architecture need QEMU or a cross-compiling Dockerfile, as chapter 8 has.',
    '- Images go to the daemon\'s store: `docker image rm` and `docker builder prune` clean up. Set `SOURCE_DATE_EPOCH=0` in the environment to make two builds of the same files give the same digest.',
    '',
  );
  return out.join('\n');
}

/** The zip: every workspace file under its path, and the README at the root. */
export function projectZip(files: ReadonlyMap<string, string | Uint8Array>, readme: string): Uint8Array {
  const enc = new TextEncoder();
  const entries: Zippable = {};
  for (const [path, content] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    entries[path] = [typeof content === 'string' ? enc.encode(content) : content, { mtime: ZIP_TIME, os: 3, attrs: ((0o100644) << 16) >>> 0 }];
  }
  entries[readmeName(files)] = [enc.encode(readme), { mtime: ZIP_TIME, os: 3, attrs: ((0o100644) << 16) >>> 0 }];
  return zipSync(entries, { level: 6 });
}
