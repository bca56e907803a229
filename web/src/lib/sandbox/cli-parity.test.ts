/**
 * The CLI and the page run the same docker command core: the same command line prints the
 * same bytes in both, errors included. Each line of the table runs through `runCli` (files
 * on disk, the store under a temporary root) and through the sandbox's runtime (the
 * workspace's files, the page's store), on the same project and the same clock.
 */
import { mkdtempSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../../cli/cli.ts';
import { nodeDeps } from '#engine/platform/node';
import { seedFiles } from '../workspace/seed.ts';
import { DockerRuntime } from './docker-runtime.ts';

/** The page gives the workspace's files this mtime in a build context (it keeps none); the CLI's copy gets it too. */
const CONTEXT_MTIME = 1704067200;
const NOW = Date.UTC(2026, 0, 2, 3, 4, 5);

const files = seedFiles();
let dir: string;
let root: string;
let runtime: DockerRuntime;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stageplay-parity-'));
  root = mkdtempSync(join(tmpdir(), 'stageplay-parity-root-'));
  runtime = new DockerRuntime({ deps: nodeDeps, now: () => NOW, tick: () => Promise.resolve() });
});

/** Put `path` with `text` in both places (the CLI's folder and the page's files). */
function put(path: string, text: string): void {
  files.set(path, text);
}

function syncDisk(): void {
  for (const [path, text] of files) {
    const at = join(dir, path);
    mkdirSync(dirname(at), { recursive: true });
    writeFileSync(at, text);
    utimesSync(at, CONTEXT_MTIME, CONTEXT_MTIME);
  }
}

async function viaCli(line: string) {
  syncDisk();
  let stdout = '';
  let stderr = '';
  const words = line.split(' ').slice(1);
  const exitCode = await runCli([...words.slice(0, 1), `--root=${root}`, ...words.slice(1)], {
    cwd: dir,
    env: {},
    now: () => NOW,
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  });
  // the CLI names itself in usage hints
  return { exitCode, stdout: stdout.replace(/'stageplay /g, "'docker "), stderr: stderr.replace(/'stageplay /g, "'docker ") };
}

async function viaPage(line: string) {
  let stdout = '';
  let stderr = '';
  const r = await runtime.runLine({ line, files }, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { exitCode: r.exitCode, stdout, stderr };
}

/**
 * Both sides run in this one process, so a layer blob one of them compressed is already made
 * when the other exports the same layer (a `writing layer` row, and the time it took, only
 * in whichever ran first). The rows that say so are set aside; everything else must match.
 */
function sameProcess(r: { exitCode: number; stdout: string; stderr: string }) {
  const stderr = r.stderr.replace(/^#\d+ writing layer sha256:[0-9a-f]{64} [\d.]+s done\n/gm, '').replace(/^(#\d+ exporting layers) [\d.]+s done$/gm, '$1 done');
  return { ...r, stderr };
}

const TYPO = 'FROM alpine\nCOPPY a b\n';
const BAD_STAGE = 'FROM alpine AS a\nCOPY --from=b /x /x\nFROM alpine AS b\n';
const EPOCH = '--build-arg SOURCE_DATE_EPOCH=1704067200';

const TABLE: readonly { readonly name: string; readonly dockerfile?: string; readonly line: string }[] = [
  { name: 'a parse error under --check', dockerfile: TYPO, line: 'docker build --check .' },
  { name: 'a parse error in a build', dockerfile: TYPO, line: 'docker build --progress=plain .' },
  { name: 'a stage used before it is defined', dockerfile: BAD_STAGE, line: 'docker build --progress=plain --target a .' },
  { name: 'an unknown target', line: 'docker build --progress=plain --target nope .' },
  { name: 'targets', line: 'docker build --call=targets .' },
  { name: 'a missing context', line: 'docker build --progress=plain nowhere' },
  { name: 'a bad -o', line: 'docker build --progress=plain -o type=nope .' },
  { name: 'a build', line: `docker build --progress=plain ${EPOCH} -t parity .` },
  { name: 'the same build, cached', line: `docker build --progress=plain ${EPOCH} -t parity .` },
  { name: 'a quiet build', line: `docker build -q ${EPOCH} --target=client -t parity-client .` },
  { name: 'images', line: 'docker images' },
  { name: 'images of a repository', line: 'docker images parity' },
  { name: 'history', line: 'docker history parity' },
  { name: 'an unknown image to rmi', line: 'docker rmi nope' },
  { name: 'an unknown image to run', line: 'docker run nope' },
  { name: 'an unknown image to history', line: 'docker history nope' },
  { name: 'a usage error', line: 'docker build' },
  { name: 'an unknown flag', line: 'docker images --nope' },
];

describe('the CLI and the page print the same bytes for the same line', () => {
  for (const row of TABLE) {
    it(row.name, async () => {
      put('Dockerfile', row.dockerfile ?? seedFiles().get('Dockerfile')!);
      const cli = await viaCli(row.line);
      const page = await viaPage(row.line);
      expect(sameProcess(page)).toEqual(sameProcess(cli));
    }, 120_000);
  }
});
