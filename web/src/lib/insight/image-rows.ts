/**
 * The images panel's table, as `docker images` prints it: REPOSITORY and TAG split from
 * the reference, the 12-hex IMAGE ID, the age (`About a minute ago`) and the size with
 * Docker's units (`150MB`, `4.2MB`), newest first. Pure.
 */
import { humanSize } from '#engine/report';
import { humanDuration } from '#engine/store/format';
import type { ImageSummary } from '../sandbox/panel-data.ts';

/** One row of the table. */
export interface ImageRow {
  /** Unique per row (the image ID and the tag: one image has a row per tag, and many `<none>` rows can exist). */
  readonly key: string;
  /** The tag as listed (`buildme:latest`, `<none>:<none>`). */
  readonly ref: string;
  /** What the `ImagesApi` calls take for this row: the tag, or the short image ID of a dangling image. */
  readonly target: string;
  readonly repository: string;
  readonly tag: string;
  /** First 12 hex digits of the image ID. */
  readonly shortId: string;
  readonly created: string;
  readonly size: string;
  readonly bytes: number;
}

/** `registry:5000/team/app:v1` → `registry:5000/team/app` + `v1` (the tag follows the last `/`). */
export function splitRef(ref: string): { repository: string; tag: string } {
  const at = ref.lastIndexOf(':');
  if (at > ref.lastIndexOf('/') && at > 0) return { repository: ref.slice(0, at), tag: ref.slice(at + 1) };
  return { repository: ref, tag: 'latest' };
}

/** How `docker images` lists an image without tags. */
export const DANGLING = '<none>:<none>';

/** The rows for `images` at wall-clock time `now` (ms). */
export function imageRows(images: readonly ImageSummary[], now: number): ImageRow[] {
  return [...images]
    .sort((a, b) => b.created - a.created || (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((img) => {
      const shortId = img.id.replace(/^sha256:/, '').slice(0, 12);
      return {
        key: `${img.id} ${img.ref}`,
        ref: img.ref,
        target: img.ref === DANGLING ? shortId : img.ref,
        ...splitRef(img.ref),
        shortId,
        created: `${humanDuration(now - img.created)} ago`,
        size: humanSize(img.size),
        bytes: img.size,
      };
    });
}
