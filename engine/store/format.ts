import { humanSize } from '../report/units.ts';
import { tabwrite } from '../report/tabwriter.ts';
import { parseReference } from '../reference/index.ts';
import { displayId, imageSize, type StoredImage } from './types.ts';
import { shortId } from './store.ts';

/** go-units `HumanDuration`, as Docker prints ages (`5 seconds`, `About a minute`, `3 weeks`). */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.floor(ms / 3_600_000 + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(ms / 3_600_000 / 24 / 365)} years`;
}

/** Go's `path.Match` for one reference component (`*`, `?`, `[...]`), as Docker's filters use it. */
export function globMatch(pattern: string, name: string): boolean {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) return false;
      let cls = pattern.slice(i + 1, end);
      if (cls.startsWith('^')) cls = '!' + cls.slice(1);
      re += '[' + (cls.startsWith('!') ? '^' + cls.slice(1) : cls).replace(/\\/g, '\\\\') + ']';
      i = end;
    } else if (c === '\\' && i + 1 < pattern.length) {
      re += escapeRe(pattern[++i]!);
    } else re += escapeRe(c);
  }
  return new RegExp(re + '$').test(name);
}

function escapeRe(c: string): string {
  return /[.*+?^${}()|[\]\\]/.test(c) ? '\\' + c : c;
}

/**
 * Whether `docker images PATTERN` shows a tag: the pattern (`buildme`, `"buildme*"`,
 * `buildme:v1`) is matched against the familiar and the full repository name; a pattern
 * without a tag matches every tag (Docker's reference filter).
 */
export function matchesReference(pattern: string, fullTag: string): boolean {
  const ref = parseReference(fullTag);
  const colon = pattern.lastIndexOf(':');
  const slash = pattern.lastIndexOf('/');
  const hasTag = colon > slash;
  const repoPat = hasTag ? pattern.slice(0, colon) : pattern;
  const tagPat = hasTag ? pattern.slice(colon + 1) : undefined;
  const familiarRepo = ref.familiar.replace(/[:@].*$/, '');
  const repoOk = globMatch(repoPat, familiarRepo) || globMatch(repoPat, ref.name);
  return repoOk && (tagPat === undefined || globMatch(tagPat, ref.tag ?? 'latest'));
}

/** `docker images [PATTERN]` in Docker's classic table. `now` is the current time in ms. */
export function formatImages(images: readonly StoredImage[], now: number, pattern?: string): string {
  let text = 'REPOSITORY\tTAG\tIMAGE ID\tCREATED\tSIZE\n';
  for (const img of images) {
    const age = `${humanDuration(now - Date.parse(img.created))} ago`;
    const size = humanSize(imageSize(img));
    const rows = img.repoTags.length > 0 ? img.repoTags : pattern === undefined ? [''] : [];
    for (const full of rows) {
      if (full === '') {
        text += `<none>\t<none>\t${shortId(displayId(img))}\t${age}\t${size}\n`;
        continue;
      }
      if (pattern !== undefined && !matchesReference(pattern, full)) continue;
      const ref = parseReference(full);
      const repo = ref.familiar.replace(/[:@].*$/, '');
      text += `${repo}\t${ref.tag ?? 'latest'}\t${shortId(displayId(img))}\t${age}\t${size}\n`;
    }
  }
  return tabwrite(text, { minWidth: 10, padding: 3 });
}

/** `docker history IMAGE`: newest entry first, `<missing>` for entries of earlier builds. */
export function formatHistory(img: StoredImage, now: number): string {
  let text = 'IMAGE\tCREATED\tCREATED BY\tSIZE\tCOMMENT\n';
  let layer = img.layers.length - 1;
  const rows: string[] = [];
  for (let i = img.history.length - 1; i >= 0; i--) {
    const h = img.history[i]!;
    const id = i === img.history.length - 1 ? shortId(img.id) : '<missing>';
    let size = 0;
    if (!h.emptyLayer) size = img.layers[layer--]?.uncompressedSize ?? 0;
    const createdBy = truncate(h.createdBy.replace(/\s+/g, ' '), 45);
    rows.push(`${id}\t${humanDuration(now - Date.parse(h.created))} ago\t${createdBy}\t${humanSize(size)}\t${h.comment ?? ''}\n`);
  }
  text += rows.join('');
  return tabwrite(text, { minWidth: 10, padding: 3 });
}

/** Docker's `stringutils.Ellipsis`: cut to `max` characters ending with `…`. */
function truncate(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : chars.slice(0, max - 1).join('') + '…';
}
