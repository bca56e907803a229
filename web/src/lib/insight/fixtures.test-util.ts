/**
 * Test helpers: small hand-written event lists, and real builds of a Dockerfile over the
 * lesson project (read from disk) with the engine, so the models meet the real shapes.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { build, MemoryCacheMountStore, MemoryLayerCache } from '#engine/build';
import type { LayerCache } from '#engine/cache';
import { nodeDeps } from '#engine/platform/node';
import type { BuildEvent } from '#engine/progress';
import { contextFiles } from '../sandbox/context-files.ts';

const PROJECT = resolve(import.meta.dirname, '../../../../lessons/project');

/** The lesson project's files, path → text. */
export function projectFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else files.set(relative(PROJECT, p), readFileSync(p, 'utf8'));
    }
  };
  walk(PROJECT);
  return files;
}

/** Build `dockerfile` over the project with the engine; the events it reported. */
export async function buildEvents(dockerfile: string, target?: string, cache: LayerCache = new MemoryLayerCache(), files: ReadonlyMap<string, string> = projectFiles()): Promise<BuildEvent[]> {
  const events: BuildEvent[] = [];
  await build(
    { dockerfile, context: contextFiles(files, '', 0), ...(target ? { target } : {}) },
    { platform: nodeDeps, cache, cacheMounts: new MemoryCacheMountStore(), now: () => 0 },
    { onEvent: (e) => events.push(e) },
  );
  return events;
}

/** A step that starts at `start` and ends at `end` on `worker`. */
export function step(vertex: number, name: string, start: number, end: number | undefined, extra: { stage?: string; worker?: number; cached?: boolean; error?: string; canceled?: boolean; real?: [number, number] } = {}): BuildEvent[] {
  const out: BuildEvent[] = [{
    kind: 'vertex-start', vertex, name, t: start,
    ...(extra.stage !== undefined ? { stage: extra.stage } : {}),
    ...(extra.worker !== undefined ? { worker: extra.worker } : {}),
    ...(extra.real ? { realMs: extra.real[0] } : {}),
  }];
  if (end !== undefined) {
    out.push({
      kind: 'vertex-done', vertex, t: end,
      ...(extra.worker !== undefined ? { worker: extra.worker } : {}),
      ...(extra.cached ? { cached: true } : {}),
      ...(extra.error !== undefined ? { error: extra.error } : {}),
      ...(extra.canceled ? { canceled: true } : {}),
      ...(extra.real ? { realMs: extra.real[1] } : {}),
    });
  }
  return out;
}
