/** The Containers view's rows, read from the page's containers (`docker ps -a`'s columns). */
import { commandText, portsText, statusText, type ContainerManager } from '#engine/commands/containers';
import type { ContainerSummary } from './panel-data.ts';

/** Every container, newest first; `now` (ms) for the status's ages. */
export function containerSummaries(containers: ContainerManager, now: number): ContainerSummary[] {
  return containers.list(true).map((c) => ({
    id: c.id,
    name: c.name,
    image: c.image,
    state: c.status,
    status: statusText(c, now),
    ports: portsText(c),
    command: commandText(c, true),
  }));
}
