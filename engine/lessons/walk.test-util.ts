/**
 * Test helper: walks lesson steps as a learner would, with the real build on
 * `lessons/project`: apply the step's solution, type its lines, record every build and
 * run, then evaluate the check. Before every build but the session's first, a line of the
 * server changes, as the prose asks between builds (otherwise the cache serves everything).
 * Builds share one cache, like one learner's session. (Not a test file.)
 */
import { parseOutputs } from '../../cli/outputs.ts';
import { build } from '../build/index.ts';
import { readContext, testDeps } from '../build/testing/project.ts';
import { parseDockerCommand } from '../commands/index.ts';
import { lessonCommands } from './commands.ts';
import type { ContextFile } from '../context/context.ts';
import { outputOf, readBinaryInfo } from '../toolchain/binary/index.ts';
import { evaluateCheck } from './checks.ts';
import { runRecordedBuild, type BuildFn } from './run.ts';
import type { BuildRecord, CheckResult, RunRecord, Step } from './types.ts';
import type { Snapshot } from '../fs/snapshot.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();

/** One learner session: the workspace, the caches, and what was built and run. */
export class Walker {
  readonly builds: BuildRecord[] = [];
  readonly runs: RunRecord[] = [];
  private readonly deps = testDeps();
  private files: ContextFile[] = readContext();
  private readonly images = new Map<string, Snapshot>();
  private edits = 0;

  /** Apply `step`'s solution, type its commands, and evaluate its check. */
  async step(step: Step): Promise<CheckResult> {
    for (const f of step.solution) this.write(f.path, f.text);
    const dockerfile = step.solution.find((f) => f.path === 'Dockerfile')!.text;
    // the docker commands of each line (a redirection or an `awk`/`ls` line reads files the walker does not keep)
    const dockerLines = step.commands.flatMap((line) => lessonCommands(line)).filter((c) => c.words[0] === 'docker');
    for (const { words } of dockerLines) {
      const command = words.map((w) => (/[\s'"]/.test(w) ? `'${w.replace(/'/g, `'\\''`)}'` : w)).join(' ');
      const cmd = parseDockerCommand(words.slice(1));
      if (cmd.kind === 'run') {
        this.run(command, cmd.image);
        continue;
      }
      if (cmd.kind === 'builder-prune') {
        this.deps.cache.clear();
        this.deps.cacheMounts.clear();
        continue;
      }
      if (cmd.kind === 'build' && this.builds.length > 0) this.editSource();
      let fs: readonly Snapshot[] = [];
      const recording: BuildFn = async (req, onEvent) => {
        const r = await build(req, this.deps, { onEvent });
        fs = r.filesystems;
        return r;
      };
      const record = await runRecordedBuild(command, { dockerfile, context: this.files, parseOutputs }, recording);
      if (!record) continue;
      this.builds.push(record);
      for (const img of record.images) if (fs[0]) this.images.set(img.ref, fs[0]);
    }
    return evaluateCheck(step.check, this.builds, this.runs);
  }

  /** The last build's lint warnings as BuildKit prints them (`Rule: detail (line N)`). */
  lastWarnings(): string[] {
    const events = this.builds[this.builds.length - 1]?.events ?? [];
    return events.flatMap((e) => (e.kind === 'warning' ? [`${e.rule}: ${e.detail} (line ${e.ranges[0]?.start.line})`] : []));
  }

  /** `docker run <image>`: the entrypoint binary's recorded output. */
  private run(command: string, image: string): void {
    const fs = this.images.get(image);
    const entry = fs && this.builds.flatMap((b) => b.images).reverse().find((i) => i.ref === image)?.entrypoint[0];
    const info = fs && entry ? readBinaryInfo(fs.readFile(entry)) : undefined;
    const output = info ? outputOf(info, 1) + outputOf(info, 2) : '';
    this.runs.push({ command, image, exitCode: info ? 0 : 127, output });
  }

  /** What a learner does between builds: change a line of the server. */
  private editSource(): void {
    const path = 'cmd/server/main.go';
    const text = dec.decode(this.files.find((f) => f.path === path)!.content!);
    this.write(path, `${text}\n// edit ${++this.edits}\n`);
  }

  private write(path: string, text: string): void {
    const file: ContextFile = { path, type: 'file', mode: 0o644, mtime: 1_700_000_000, content: enc.encode(text) };
    const at = this.files.findIndex((f) => f.path === path);
    this.files = at < 0 ? [...this.files, file] : this.files.map((f, i) => (i === at ? file : f));
  }
}
