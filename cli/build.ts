import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { loadDockerfile, type LoadOptions } from '../engine/dockerfile/index.ts';
import { formatCheck, formatTargets, sourceExcerpt } from '../engine/report/index.ts';
import { EngineError } from '../engine/source/index.ts';
import type { BuildOptions } from '../engine/commands/index.ts';
import type { CliIO } from './io.ts';
import { printBuildError } from './errors.ts';

/** `stageplay build ...`. Today: the front end's calls (`--check`, `--call=targets`); executing a build is the next issue. */
export async function runBuild(opts: BuildOptions, io: CliIO): Promise<number> {
  const contextDir = resolve(io.cwd, opts.context);
  const dockerfilePath = opts.file ? resolve(io.cwd, opts.file) : join(contextDir, 'Dockerfile');
  let text: string;
  try {
    text = await readFile(dockerfilePath, 'utf8');
  } catch {
    io.stderr(`ERROR: resolve : lstat ${opts.file ?? join(opts.context, 'Dockerfile')}: no such file or directory\n`);
    return 1;
  }
  const dockerfile = { name: basename(dockerfilePath), text };
  const load: LoadOptions = { target: opts.target, buildArgs: opts.buildArgs, platform: opts.platforms[0] };

  if (opts.call.name === 'check') return check(dockerfile, { ...load, allStages: opts.target === undefined }, opts.call.format, io);

  try {
    const fe = loadDockerfile(text, load);
    if (opts.call.name === 'targets') {
      const targets = fe.stages.map((s, i) => ({ name: s.name ?? '', description: s.description, isDefault: i === fe.stages.length - 1 }));
      io.stdout(opts.call.format === 'json' ? JSON.stringify({ targets }, null, 2) + '\n' : formatTargets(targets));
      return 0;
    }
    const target = fe.target.name ?? `stage-${fe.target.index}`;
    io.stderr(
      `stageplay: the Dockerfile is valid (${fe.stages.length} stages; target "${target}" needs ${fe.reachable.length}), ` +
        `but this version cannot execute builds yet (the execution engine is the next open issue).\n` +
        `Try --check or --call=targets.\n`,
    );
    return 1;
  } catch (err) {
    return printBuildError(io, err, dockerfile);
  }
}

/**
 * `--check`: BuildKit's lint results as buildx prints them (stdout), exit 1 when a rule
 * fired; a build error is printed as the message and then the excerpt (buildx `PrintErrorTo`).
 */
function check(dockerfile: { name: string; text: string }, load: LoadOptions, format: 'text' | 'json', io: CliIO): number {
  try {
    const fe = loadDockerfile(dockerfile.text, load);
    if (format === 'json') io.stdout(JSON.stringify({ warnings: fe.warnings }, null, 2) + '\n');
    else io.stdout(formatCheck(dockerfile.name, dockerfile.text, fe.warnings));
    return fe.warnings.length > 0 ? 1 : 0;
  } catch (err) {
    if (!(err instanceof EngineError)) return printBuildError(io, err, dockerfile);
    io.stderr(`ERROR: ${err.message}\n${sourceExcerpt(dockerfile.name, dockerfile.text, err.ranges)}`);
    return 1;
  }
}
