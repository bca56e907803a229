/**
 * Test helper: walks lesson steps as a learner would, with the real build on
 * `lessons/project`: apply the step's solution, type its lines, record every build and
 * run (images go to a store; `docker run`, `exec`, `stop` run containers as the terminal
 * does), then evaluate the check. Before every build but the session's first, a line of the
 * server changes, as the prose asks between builds (otherwise the cache serves everything).
 * Builds share one cache, like one learner's session. (Not a test file.)
 */
import { parseOutputs } from '../commands/outputs.ts';
import { build } from '../build/index.ts';
import { readContext, testDeps } from '../build/testing/project.ts';
import { ContainerManager, isContainerCommand, parseDockerCommand, type LocalImages } from '../commands/index.ts';
import { multiPlatformImage } from '../commands/multi-platform.ts';
import type { BuildResult } from '../build/types.ts';
import { isCatalogLayer } from '../store/base-layers.ts';
import { ImageStore, MemoryBlobStore, persistImage } from '../store/index.ts';
import { runRecordedContainerCommand } from './container-record.ts';
import { lessonCommands } from './commands.ts';
import type { ContextFile } from '../context/context.ts';
import { evaluateCheck } from './checks.ts';
import { runRecordedBuild, type BuildFn } from './run.ts';
import type { BuildRecord, CheckResult, RunRecord, Step } from './types.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Resolves once `p` has settled or many turns of the event loop went by without it (a program waiting for Ctrl+C). */
async function settle(p: Promise<unknown>): Promise<void> {
  let done = false;
  void p.finally(() => (done = true));
  for (let i = 0; i < 500 && !done; i++) await new Promise((r) => setImmediate(r));
}

/** One learner session: the workspace, the caches, and what was built and run. */
export class Walker {
  readonly builds: BuildRecord[] = [];
  readonly runs: RunRecord[] = [];
  private readonly deps = testDeps();
  private files: ContextFile[] = readContext();
  /** The built images, as `docker build` loads them. */
  private readonly store: LocalImages = { images: new ImageStore(), blobs: new MemoryBlobStore() };
  private readonly containers = new ContainerManager({ images: this.store, deps: this.deps.platform, now: () => 1_700_000_000_000 });
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
      if (isContainerCommand(cmd)) {
        // a server run in the foreground serves until Ctrl+C: the learner presses it once the line has settled
        const ctrlC = new AbortController();
        const quiet = { stdout: () => {}, stderr: () => {}, env: {}, now: () => 1_700_000_000_000, signal: ctrlC.signal };
        const running = runRecordedContainerCommand({ containers: this.containers, images: this.store }, cmd, quiet, command);
        void settle(running).then(() => ctrlC.abort(new Error('SIGINT')));
        const { record } = await running;
        if (record) this.runs.push(record);
        continue;
      }
      if (cmd.kind === 'builder-prune') {
        this.deps.cache.clear();
        this.deps.cacheMounts.clear();
        continue;
      }
      if (cmd.kind === 'build' && this.builds.length > 0) this.editSource();
      const recording: BuildFn = async (req, onEvent) => {
        const r = await build(req, this.deps, { onEvent });
        await this.load(r, req.tags ?? [], req.outputs ?? []);
        return r;
      };
      const record = await runRecordedBuild(command, { dockerfile, context: this.files, parseOutputs, deps: this.deps.platform }, recording);
      if (record) this.builds.push(record);
    }
    return evaluateCheck(step.check, this.builds, this.runs);
  }

  /** The last build's lint warnings as BuildKit prints them (`Rule: detail (line N)`). */
  lastWarnings(): string[] {
    const events = this.builds[this.builds.length - 1]?.events ?? [];
    return events.flatMap((e) => (e.kind === 'warning' ? [`${e.rule}: ${e.detail} (line ${e.ranges[0]?.start.line})`] : []));
  }

  /** The built image into the store under its tags, as `docker build` loads it (not for `-o` outputs other than the image). */
  private async load(r: BuildResult, tags: readonly string[], outputs: readonly { readonly type: string }[]): Promise<void> {
    if (r.images.length === 0 || !(outputs.length === 0 || outputs.some((o) => o.type === 'image'))) return;
    const opts = { storeLayer: async (l: { digest(): Promise<string> }) => !isCatalogLayer(await l.digest()), oci: true, tagTime: new Date(1_700_000_000_000).toISOString() };
    const all = await Promise.all(r.images.map((img) => persistImage(img, this.store.blobs, opts)));
    this.store.images.put(all.length > 1 ? await multiPlatformImage(all, this.store.blobs, this.deps.platform) : all[0]!, tags);
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
