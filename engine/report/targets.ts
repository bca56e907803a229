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
