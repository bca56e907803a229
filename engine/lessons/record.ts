/**
 * Turning what a build returned (`BuildResult`, its events, or its error) into the
 * plain-data `BuildRecord` lesson checks read. The CLI and the web app call this after
 * each `docker build`; it is the only place that looks inside images for the checks.
 */
import type { BuildRequest, BuildResult } from '../build/types.ts';
import { contentSize, emptySnapshot, stackLayers } from '../fs/index.ts';
import type { Image } from '../image/image.ts';
import { tarToEntries } from '../image/tar-read.ts';
import type { BuildEvent } from '../progress/events.ts';
import type { ProcessDeps } from '../toolchain/types.ts';
import { runImageOnce } from './image-run.ts';
import type { BuildRecord, ImageRecord, ImageRun } from './types.ts';

/** One finished build, as its caller saw it. */
export interface BuildOutcome {
  /** The command line as typed. */
  readonly command: string;
  /** What was asked for: target, tags and outputs are recorded. */
  readonly request: Pick<BuildRequest, 'target' | 'tags' | 'outputs'>;
  /** Every event the build emitted, in order. */
  readonly events: readonly BuildEvent[];
  /** The result, when the build succeeded. */
  readonly result?: BuildResult;
  /** What the build threw, when it failed. */
  readonly error?: unknown;
  /** The platform's services the image's one recorded run is given (`runImageOnce`). */
  readonly deps: ProcessDeps;
}

/** `os/arch[/variant]` of an image. */
export function platformString(image: Image): string {
  const p = image.platform();
  return [p.os, p.architecture, ...(p.variant ? [p.variant] : [])].join('/');
}

/** Absolute paths in the image's flattened filesystem (whiteouts applied), sorted; read from its layers. */
export async function imageFiles(image: Image): Promise<string[]> {
  const layers = await image.layers();
  const entries = [];
  for (const l of layers) entries.push(tarToEntries(await l.uncompressed()));
  return stackLayers(emptySnapshot(), entries).entries().map((e) => e.path).filter((p) => p !== '/').sort();
}

/** The summary of `images` (one per platform, first platform's size and config) under `ref`. */
async function imageRecord(ref: string, images: readonly Image[], files: readonly string[], run: ImageRun | undefined): Promise<ImageRecord> {
  const first = images[0]!;
  let size = 0;
  for (const l of await first.layers()) size += await l.size();
  const config = await first.configFile();
  return { ref, size, entrypoint: config.config.Entrypoint ?? [], files, platforms: images.map(platformString), ...(run ? { run } : {}) };
}

function joinPath(dest: string, path: string): string {
  const d = dest.replace(/^\.\/?/, '').replace(/\/+$/, '');
  return d === '' ? path : `${d}/${path}`;
}

/** The `BuildRecord` of a finished (or failed) build. */
export async function buildRecord(o: BuildOutcome): Promise<BuildRecord> {
  const base = {
    command: o.command,
    ...(o.request.target ? { target: o.request.target } : {}),
    tags: [...(o.request.tags ?? [])],
    events: o.events,
  };
  if (!o.result) {
    const error = o.error instanceof Error ? o.error.message : o.error === undefined ? 'the build did not finish' : String(o.error);
    return { ...base, ok: false, error, images: [], outputs: [] };
  }
  const { result } = o;
  const written = result.outputs.flatMap((out) =>
    out.spec.type === 'local' && out.files
      ? out.files.filter((f) => f.type !== 'dir').map((f) => ({ path: joinPath((out.spec as { dest: string }).dest, f.path), size: f.content ? contentSize(f.content) : 0 }))
      : []);
  const outputs = written.map((w) => w.path);
  const outputSizes = Object.fromEntries(written.map((w) => [w.path, w.size]));
  const loaded = (o.request.outputs ?? []).length === 0 || (o.request.outputs ?? []).some((s) => s.type === 'image');
  const images: ImageRecord[] = [];
  if (loaded && result.images.length > 0) {
    const fs = result.filesystems[0];
    const files = fs ? fs.entries().map((e) => e.path).filter((p) => p !== '/').sort() : await imageFiles(result.images[0]!);
    const first = result.images[0]!;
    const run = fs && base.tags.length > 0 ? await runImageOnce(fs, (await first.configFile()).config, platformString(first), o.deps) : undefined;
    for (const tag of base.tags) images.push(await imageRecord(tag, result.images, files, run));
  }
  return { ...base, ok: true, images, outputs, ...(outputs.length > 0 ? { outputSizes } : {}) };
}
