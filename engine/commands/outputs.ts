import type { OutputSpec } from '../build/types.ts';

/** A `-o` value the CLI cannot use, with buildx's wording. */
export class OutputSpecError extends Error {}

/**
 * Parse `-o/--output` values as buildx does (`ParseExports`): CSV `key=value` fields
 * (`type=docker,dest=x.tar`, `type=local,dest=dir`); a bare path is `type=local,dest=path`
 * and `-` is `type=tar,dest=-`; `type=registry` would push (the sandbox is offline).
 * `tags` name the `docker`/`oci` archives when no `name=` is given, as buildx does; a
 * `docker` output without `dest` loads the image into the local store (`type=image`).
 */
export function parseOutputs(values: readonly string[], tags: readonly string[]): OutputSpec[] {
  const outs: OutputSpec[] = [];
  for (const s of values) {
    const fields = splitCsv(s);
    if (fields.length === 1 && !s.startsWith('type=') && !s.includes('=')) {
      outs.push(s === '-' ? { type: 'tar', dest: '-' } : { type: 'local', dest: s });
      continue;
    }
    let type = '';
    let dest: string | undefined;
    const attrs: Record<string, string> = {};
    for (const f of fields) {
      const eq = f.indexOf('=');
      if (eq < 0) throw new OutputSpecError(`invalid value ${f}`);
      const key = f.slice(0, eq).trim().toLowerCase();
      const value = f.slice(eq + 1);
      if (key === 'type') type = value;
      else if (key === 'dest') dest = value;
      else attrs[key] = value;
    }
    if (type === '') throw new OutputSpecError('type is required for output');
    const name = attrs.name ?? (tags.length > 0 ? tags.join(',') : undefined);
    switch (type) {
      case 'local':
        if (!dest) throw new OutputSpecError('dest is required for local output');
        outs.push({ type: 'local', dest });
        break;
      case 'tar':
        outs.push({ type: 'tar', dest: dest ?? '-' });
        break;
      case 'oci':
      case 'docker':
        if (type === 'docker' && dest === undefined) outs.push({ type: 'image' });
        else outs.push({ type, dest: dest ?? '-', ...(name ? { name } : {}) });
        break;
      case 'image':
        if (attrs.push === 'true') throw new OutputSpecError('failed to push: the sandbox is offline (no registry to push to)');
        outs.push({ type: 'image' });
        break;
      case 'cacheonly':
        outs.push({ type: 'cacheonly' });
        break;
      case 'registry':
        throw new OutputSpecError('failed to push: the sandbox is offline (no registry to push to)');
      default:
        throw new OutputSpecError(`exporter "${type}" could not be found`);
    }
  }
  return outs;
}

/** One CSV record (Go's encoding/csv): commas separate fields, double quotes protect them. */
export function splitCsv(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"' && cur === '') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}
