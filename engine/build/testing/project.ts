/** Test helpers: the lessons' Go project as context files, deps with fresh caches, a plain-progress capture. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MemoryCacheMountStore, MemoryLayerCache } from '../../cache/index.ts';
import type { ContextFile } from '../../context/index.ts';
import { nodeDeps } from '../../platform/node.ts';
import { PlainPrinter } from '../../progress/index.ts';
import type { BuildEvent } from '../../progress/events.ts';
import type { BuildDeps } from '../types.ts';

/** Absolute path of `lessons/project`. */
export const PROJECT_DIR = fileURLToPath(new URL('../../../lessons/project', import.meta.url));

/** Every file of `dir` as context files (mtime fixed so builds are reproducible). */
export function readContext(dir: string = PROJECT_DIR): ContextFile[] {
  const out: ContextFile[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p);
      const path = relative(dir, p).split('\\').join('/');
      if (st.isDirectory()) {
        out.push({ path, type: 'dir', mode: 0o755, mtime: 1_700_000_000 });
        walk(p);
      } else out.push({ path, type: 'file', mode: 0o644, mtime: 1_700_000_000, content: new Uint8Array(readFileSync(p)) });
    }
  };
  walk(dir);
  return out;
}

/** Context files from a path → text map. */
export function filesOf(files: Record<string, string>): ContextFile[] {
  const enc = new TextEncoder();
  return Object.entries(files).map(([path, text]) => ({ path, type: 'file', mode: 0o644, mtime: 1_700_000_000, content: enc.encode(text) }));
}

/** Node deps with empty caches and a fixed clock. */
export function testDeps(over: Partial<BuildDeps> = {}): BuildDeps {
  return { platform: nodeDeps, cache: new MemoryLayerCache(), cacheMounts: new MemoryCacheMountStore(), now: () => 1_700_000_000_000, ...over };
}

/** Collects events and renders them with the plain printer. */
export function capture(): { events: BuildEvent[]; onEvent: (e: BuildEvent) => void; plain(): string } {
  const events: BuildEvent[] = [];
  return {
    events,
    onEvent: (e) => void events.push(e),
    plain: () => {
      let out = '';
      const p = new PlainPrinter((s) => (out += s));
      for (const e of events) p.push(e);
      return out;
    },
  };
}
