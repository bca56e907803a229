/**
 * The first-load workspace: the Multi-stage lesson's Go project (`lessons/project/`),
 * bundled at build time so the app needs no server.
 */
import dockerignore from '../../../../lessons/project/.dockerignore?raw';

const globbed = import.meta.glob<string>('../../../../lessons/project/**/*', { query: '?raw', import: 'default', eager: true });
const PREFIX = '../../../../lessons/project/';

/** Workspace path → text of every file of the lesson project (dotfiles included). */
export function seedFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const [key, text] of Object.entries(globbed)) files.set(key.slice(PREFIX.length), text);
  // globs skip dotfiles: add them by name
  files.set('.dockerignore', dockerignore);
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
