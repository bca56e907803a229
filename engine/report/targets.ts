import { tabwrite } from './tabwriter.ts';

export interface TargetInfo {
  /** Stage name; empty for an unnamed stage. */
  readonly name: string;
  readonly description: string;
  /** The last stage: what a build without --target produces. */
  readonly isDefault: boolean;
}

/** `docker build --call=targets` as buildx prints it (`TARGET  DESCRIPTION` table). */
export function formatTargets(targets: readonly TargetInfo[]): string {
  let text = 'TARGET\tDESCRIPTION\n';
  for (const t of targets) {
    let name = t.name;
    if (name === '' && t.isDefault) name = '(default)';
    else if (t.isDefault) name = `${name} (default)`;
    text += `${name}\t${t.description}\n`;
  }
  return tabwrite(text, { padding: 1 });
}

/**
 * The description BuildKit gives a stage: the first comment line right above its FROM
 * that starts with the stage's name, without that name (`# build compiles the program`
 * describes stage `build` as `compiles the program`).
 */
export function stageDescription(name: string | undefined, comments: readonly string[]): string {
  if (!name) return '';
  for (const line of comments) {
    if (line.startsWith(`${name} `)) return line.slice(name.length + 1);
  }
  return '';
}
