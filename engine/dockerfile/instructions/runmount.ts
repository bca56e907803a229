import { fault } from './errors.ts';
import { withSuggestion } from './suggest.ts';

/** `RUN --mount` types. */
export type MountType = 'bind' | 'cache' | 'tmpfs' | 'secret' | 'ssh';
/** Cache mount sharing modes. */
export type ShareMode = 'shared' | 'private' | 'locked';

const MOUNT_TYPES: readonly MountType[] = ['bind', 'cache', 'tmpfs', 'secret', 'ssh'];
const SHARE_MODES: readonly ShareMode[] = ['shared', 'private', 'locked'];
const ALL_KEYS = [
  'type', 'from', 'source', 'target', 'readonly', 'id', 'sharing', 'required', 'size', 'mode', 'uid', 'gid',
  'src', 'dst', 'destination', 'ro', 'rw', 'readwrite', 'env',
];

/** One parsed `RUN --mount` (BuildKit `instructions.Mount`). Paths are not yet resolved against WORKDIR. */
export interface Mount {
  readonly type: MountType;
  /** Stage, index or image to mount from; empty = build context (bind) or none. */
  readonly from: string;
  readonly source: string;
  readonly target: string;
  /** Effective read-only (defaults: bind/secret/ssh read-only, cache/tmpfs writable). */
  readonly readOnly: boolean;
  /** `id=` (cache id, secret id, ssh id). */
  readonly id: string;
  /** Cache sharing, empty when not given (BuildKit then uses `shared`). */
  readonly sharing: ShareMode | '';
  readonly required: boolean;
  /** Octal `mode=`, uid, gid when given. */
  readonly mode?: number;
  readonly uid?: number;
  readonly gid?: number;
  /** tmpfs `size=` in bytes. */
  readonly sizeLimit?: number;
  /** secret `env=` variable name. */
  readonly env?: string;
}

/** Go `encoding/csv` style split of one record: commas, `"quoted ""fields"""`. */
export function splitCsv(value: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (value[i] === '"') {
      i++;
      for (;;) {
        if (i >= value.length) throw fault('mount-csv', 'failed to parse csv mounts: extraneous or missing " in quoted-field');
        if (value[i] === '"') {
          if (value[i + 1] === '"') { field += '"'; i += 2; continue; }
          i++;
          break;
        }
        field += value[i++];
      }
      if (i < value.length && value[i] !== ',') {
        throw fault('mount-csv', 'failed to parse csv mounts: extraneous or missing " in quoted-field');
      }
    } else {
      const end = value.indexOf(',', i);
      field = value.slice(i, end < 0 ? value.length : end);
      if (field.includes('"')) throw fault('mount-csv', 'failed to parse csv mounts: bare " in non-quoted-field');
      i = end < 0 ? value.length : end;
    }
    out.push(field);
    if (i >= value.length) return out;
    i++; // the comma
  }
}

/** Go `strconv.ParseBool`. */
export function parseGoBool(v: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
}

/** Go `strconv.ParseUint(v, base, 32)`. */
function parseUint32(v: string, base: 8 | 10): number | undefined {
  const re = base === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
  if (!re.test(v)) return undefined;
  const n = parseInt(v, base);
  return n <= 0xffffffff ? n : undefined;
}

/** docker/go-units `RAMInBytes`: `64m`, `1.5GiB` (binary multipliers). */
export function ramInBytes(v: string): number | undefined {
  const m = /^(\d+(?:\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$/.exec(v);
  if (!m) return undefined;
  const size = parseFloat(m[1]!);
  const exp = m[2] ? 'kmgtp'.indexOf(m[2].toLowerCase()) + 1 : 0;
  return Math.trunc(size * 1024 ** exp);
}

/**
 * Parse one `--mount` value as BuildKit's `parseMount`. Without `expand` this is the
 * parse-time pass: only `from=` is checked (no variables); everything else is left for
 * the pass with an expander, which validates left to right.
 */
export function parseMount(value: string, expand?: (word: string) => string): Mount | undefined {
  const fields = splitCsv(value);
  let type: MountType = 'bind';
  let from = '', source = '', target = '', id = '';
  let sharing: ShareMode | '' = '';
  let readOnly = false, roAuto = true, required = false;
  let mode: number | undefined, uid: number | undefined, gid: number | undefined;
  let sizeLimit: number | undefined, env: string | undefined;
  for (const field of fields) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    if (eq < 0) {
      if (!expand) continue;
      if (key === 'readonly' || key === 'ro') { readOnly = true; roAuto = false; continue; }
      if (key === 'readwrite' || key === 'rw') { readOnly = false; roAuto = false; continue; }
      if (key === 'required') {
        if (type === 'secret' || type === 'ssh') { required = true; continue; }
        throw fault('mount-key', `unexpected key '${key}' for mount type '${type}'`);
      }
      throw fault('mount-field', `invalid field '${field}' must be a key=value pair`);
    }
    let v = field.slice(eq + 1);
    if (expand) v = expand(v);
    else if (key === 'from') {
      const idx = v.indexOf('$');
      if (idx !== -1 && idx !== v.length - 1) {
        throw fault('mount-from-variable', `'${key}' doesn't support variable expansion, define alias stage instead`);
      }
    } else continue;
    const bool = (): boolean => {
      const b = parseGoBool(v);
      if (b === undefined) throw fault('mount-value', `invalid value for ${key}: ${v}`);
      return b;
    };
    switch (key) {
      case 'type': {
        const t = v.toLowerCase() as MountType;
        if (!MOUNT_TYPES.includes(t)) {
          throw fault('mount-type', withSuggestion(`unsupported mount type "${v}"`, v, MOUNT_TYPES, true));
        }
        type = t;
        break;
      }
      case 'from': from = v; break;
      case 'source': case 'src': source = v; break;
      case 'target': case 'dst': case 'destination': target = v; break;
      case 'readonly': case 'ro': readOnly = bool(); roAuto = false; break;
      case 'readwrite': case 'rw': readOnly = !bool(); roAuto = false; break;
      case 'required':
        if (type !== 'secret' && type !== 'ssh') throw fault('mount-key', `unexpected key '${key}' for mount type '${type}'`);
        required = bool();
        break;
      case 'size':
        if (type !== 'tmpfs') throw fault('mount-key', `unexpected key '${key}' for mount type '${type}'`);
        sizeLimit = ramInBytes(v);
        if (sizeLimit === undefined) throw fault('mount-value', `invalid value for ${key}: ${v}`);
        break;
      case 'id': id = v; break;
      case 'sharing': {
        const s = v.toLowerCase() as ShareMode;
        if (!SHARE_MODES.includes(s)) {
          throw fault('mount-sharing', withSuggestion(`unsupported sharing value "${v}"`, v, SHARE_MODES, true));
        }
        sharing = s;
        break;
      }
      case 'mode': case 'uid': case 'gid': {
        const n = parseUint32(v, key === 'mode' ? 8 : 10);
        if (n === undefined) throw fault('mount-value', `invalid value ${v} for ${key}`);
        if (key === 'mode') mode = n; else if (key === 'uid') uid = n; else gid = n;
        break;
      }
      case 'env': env = v; break;
      default:
        throw fault('mount-key', withSuggestion(`unexpected key '${key}' in '${field}'`, key, ALL_KEYS, true));
    }
  }
  if (!expand) return undefined;
  if (type !== 'secret' && type !== 'ssh' && type !== 'cache') {
    for (const [k, n] of [['mode', mode], ['uid', uid], ['gid', gid]] as const) {
      if (n !== undefined) throw fault('mount-fileinfo', `${k} not allowed for "${type}" type mounts`);
    }
  }
  if (roAuto) readOnly = !(type === 'cache' || type === 'tmpfs');
  if (type === 'secret') {
    if (from !== '') throw fault('mount-secret', 'secret mount should not have a from');
    if (sharing !== '') throw fault('mount-secret', 'secret mount should not define sharing');
    if (source === '' && target === '' && id === '') {
      throw fault('mount-secret', 'invalid secret mount. one of source, target required');
    }
    if (source !== '' && id !== '') throw fault('mount-secret', "both source and id can't be set");
  }
  if (sharing !== '' && type !== 'cache') throw fault('mount-sharing', `invalid cache sharing set for ${type} mount`);
  return {
    type, from, source, target, readOnly, id, sharing, required,
    ...(mode !== undefined ? { mode } : {}),
    ...(uid !== undefined ? { uid } : {}),
    ...(gid !== undefined ? { gid } : {}),
    ...(sizeLimit !== undefined ? { sizeLimit } : {}),
    ...(env !== undefined ? { env } : {}),
  };
}

/**
 * The parse-time view of a mount: BuildKit's checks, plus full validation of specs that
 * hold no `$` (their values cannot change on expansion). Specs with `$` give undefined.
 */
export function parseMountAtParse(value: string): Mount | undefined {
  parseMount(value);
  return value.includes('$') ? undefined : parseMount(value, (w) => w);
}
