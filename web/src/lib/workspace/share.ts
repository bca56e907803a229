/**
 * Share links: the whole workspace and the lesson step its sharer is on, deflated and
 * base64url-encoded, in the URL fragment (`#share=…`), so it never reaches a server. Decoding checks the size at every step and
 * the shape of the payload; the names are then confined by `planImport` like an upload's.
 */
import { deflateSync, Inflate, strToU8 } from 'fflate';
import { DEFAULT_LIMITS, formatBytes, ImportError, type ImportLimits, type IncomingFile } from './import-plan.ts';

/** The fragment key: `#share=<payload>`. */
export const SHARE_KEY = 'share';

/** The longest payload the app writes or reads (Chromium accepts URLs up to 2 MB). */
export const MAX_LINK_CHARS = 1 << 20;

/** Base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Base64url (padding optional) → bytes; throws {@link ImportError} on anything else. */
export function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(text) || text.replace(/=+$/, '').length % 4 === 1) throw new ImportError('the share link is damaged (it is not base64url text)');
  const bin = atob(text.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** What a share link holds: the files, and the lesson step the sharer was on (`03-multi-stage/targets`). */
export interface SharedWorkspace {
  readonly files: IncomingFile[];
  readonly lesson?: string;
}

/** A lesson step link as the app writes them: two short lower-case ids. */
const LESSON_LINK = /^[a-z0-9-]{1,64}\/[a-z0-9-]{1,64}$/;

/**
 * The fragment payload for `files` and the step `lesson` the sharer is on
 * (`{"v":1,"files":[[path,text],…],"lesson":"…"}`, deflated). Throws when too long for a link.
 */
export function encodeShare(files: ReadonlyMap<string, string>, lesson?: string): string {
  const json = JSON.stringify({ v: 1, files: [...files], ...(lesson !== undefined && LESSON_LINK.test(lesson) ? { lesson } : {}) });
  const payload = toBase64Url(deflateSync(strToU8(json), { level: 9 }));
  if (payload.length > MAX_LINK_CHARS) throw new ImportError(`the workspace is too large for a link (${formatBytes(payload.length)} encoded; at most ${formatBytes(MAX_LINK_CHARS)})`);
  return payload;
}

/** The payload of a `#share=` fragment, or `null` when `hash` is not a share link. */
export function sharePayload(hash: string): string | null {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  return h.startsWith(SHARE_KEY + '=') ? h.slice(SHARE_KEY.length + 1) : null;
}

/**
 * Decode a payload into the files it holds and its lesson step (kept only when it has the
 * shape of a step link; the lesson pane then opens it only if it exists). Throws
 * {@link ImportError} with a message for the learner.
 */
export function decodeShare(payload: string, limits: ImportLimits = DEFAULT_LIMITS): SharedWorkspace {
  if (payload.length > MAX_LINK_CHARS) throw new ImportError(`the share link is too long (${formatBytes(payload.length)}; at most ${formatBytes(MAX_LINK_CHARS)})`);
  const json = inflateBounded(fromBase64Url(payload), limits.maxTotalBytes + 64 * 1024);
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new ImportError('the share link is damaged (its contents are not readable)');
  }
  const files = (data as { files?: unknown } | null)?.files;
  if ((data as { v?: unknown } | null)?.v !== 1 || !Array.isArray(files)) throw new ImportError('the share link is not a stageplay workspace (or comes from a newer version)');
  if (files.length === 0) throw new ImportError('the share link holds no files');
  const incoming = files.map((entry: unknown) => {
    if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string' || typeof entry[1] !== 'string') throw new ImportError('the share link is damaged (a file entry is malformed)');
    return { name: entry[0], data: entry[1] };
  });
  const lesson = (data as { lesson?: unknown }).lesson;
  return { files: incoming, ...(typeof lesson === 'string' && LESSON_LINK.test(lesson) ? { lesson } : {}) };
}

function inflateBounded(bytes: Uint8Array, max: number): string {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const inflate = new Inflate((chunk) => {
    size += chunk.length;
    if (size > max) throw new ImportError(`the share link unpacks to more than ${formatBytes(max)}, the most stageplay loads`);
    chunks.push(chunk);
  });
  try {
    inflate.push(bytes, true);
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new ImportError('the share link is damaged (it does not decompress)');
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) all.set(c, (at += c.length) - c.length);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(all);
  } catch {
    throw new ImportError('the share link is damaged (its contents are not text)');
  }
}
