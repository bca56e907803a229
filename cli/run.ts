/**
 * The CLI's containers: records in `<root>/containers.json`, so `run -d` in one
 * `stageplay` command and `exec`, `ps`, `logs`, `stop` in later ones see the same
 * container. A process cannot outlive its command: when the command ends, running
 * containers become dormant records, started again (output discarded) for an `exec` or a
 * `stop` (see `engine/commands/containers/manager.ts`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { ContainerManager, type ContainerRecord, type ContainerStore } from '#engine/commands/containers';
import type { LocalImages } from '#engine/commands';
import type { PlatformDeps } from '#engine/platform';
import { withStoreLock } from './store-lock.ts';

const FORMAT = 1;

/** `<root>/containers.json`: a damaged or foreign file is set aside as no containers, with one warning. */
export function diskContainerStore(root: string, warn: (line: string) => void): ContainerStore {
  const path = join(root, 'containers.json');
  return {
    load() {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        return [];
      }
      try {
        const doc = JSON.parse(text) as { version?: unknown; containers?: unknown };
        if (doc.version === FORMAT && Array.isArray(doc.containers)) return doc.containers as ContainerRecord[];
      } catch {
        // reported below
      }
      warn(`WARNING: ${path} is not a container list stageplay wrote; starting with no containers`);
      return [];
    },
    save(records) {
      withStoreLock(root, () => writeFileAtomic.sync(path, JSON.stringify({ version: FORMAT, containers: records })));
    },
  };
}

/** The containers of the state under `root`. */
export function cliContainers(root: string, images: LocalImages, deps: PlatformDeps, now: () => number, warn: (line: string) => void): ContainerManager {
  return new ContainerManager({ images, deps, now, store: diskContainerStore(root, warn), tick: () => new Promise((r) => setImmediate(r)) });
}
