/**
 * The export vertexes and outputs: `exporting to image` (the image store, with the
 * containerd store's rows), docker/oci archives, `tar` and `local` files. A cancel stops
 * the export at once (a layer's compression stops within a block): the running exporter
 * ends CANCELED, as BuildKit shows it.
 */
import { CanceledError, type StageState } from '../exec/index.ts';
import { exportArchive, exportLocal, exportRootfsTar, type Image, type Layer, type LocalFile } from '../image/index.ts';
import { collect, type PlatformDeps } from '../platform/types.ts';
import { EngineError } from '../source/errors.ts';
import { stageImage } from './image.ts';
import type { Progress, Vertex } from './progress.ts';
import { fullTags } from './stored.ts';
import type { OutputResult, OutputSpec } from './types.ts';

/** One built platform. */
export interface BuiltPlatform {
  readonly platform: string;
  readonly state: StageState;
}

/** Options of `exportOutputs`. */
export interface ExportOptions {
  readonly created: string;
  readonly sourceDateEpoch?: number;
  readonly tags: readonly string[];
  readonly deps: PlatformDeps;
  /** Aborted when the build is canceled. */
  readonly signal?: AbortSignal;
}

/**
 * `work`, unless `signal` aborts first: then a `CanceledError`, at once (what `work`
 * computes, such as a layer's gzip, finishes unseen).
 */
async function unlessCanceled<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) throw new CanceledError();
  let onAbort = (): void => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new CanceledError());
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** Modeled cost of writing `bytes` (~200 MB/s) plus a fixed cost. */
function writeMs(bytes: number): number {
  return 20 + Math.round(bytes / 200_000);
}

/**
 * Modeled cost of gzipping `bytes` of layer tar (~80 MB/s, a daemon's gzip on one core).
 * Like every step's duration it is modeled, so the log is the same on any machine; the row
 * still moves while the sandbox really compresses, one tick per `TICK_BYTES` of tar.
 */
function compressMs(bytes: number): number {
  return Math.round(bytes / 80_000);
}

/** A running `exporting layers` row ticks each time this much more tar has been compressed. */
const TICK_BYTES = 8 << 20;

/** A layer an exporter compresses, started at once: the tar bytes compressed so far, and who follows them. */
class LayerJob {
  readonly blob: Promise<Uint8Array>;
  compressed = 0;
  follow: ((compressed: number) => void) | undefined;

  /** `step`: one of the build's own layers (not the base image's). A blob made before comes back with nothing compressed. */
  constructor(readonly layer: Layer, readonly step: boolean, signal: AbortSignal | undefined) {
    this.blob = layer.compressed({
      ...(signal ? { signal } : {}),
      onProgress: (bytesIn) => {
        this.compressed = Math.max(this.compressed, bytesIn);
        this.follow?.(this.compressed);
      },
    });
    // a later layer's failure is seen when its turn comes (or not at all, after an earlier one failed)
    this.blob.catch(() => undefined);
  }
}

function localFiles(built: readonly BuiltPlatform[], sde: number | undefined): LocalFile[] {
  const opts = sde !== undefined ? { sourceDateEpoch: sde } : {};
  if (built.length === 1) return exportLocal(built[0]!.state.snapshot, opts);
  return built.flatMap((b) => {
    const dir = b.platform.replace(/\//g, '_');
    const files = exportLocal(b.state.snapshot, opts).map((f) => ({
      ...f, path: `${dir}/${f.path}`, ...(f.type === 'hardlink' && f.target ? { target: `${dir}/${f.target}` } : {}),
    }));
    return [{ path: dir, type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 0 } as LocalFile, ...files];
  });
}

/**
 * Exports every output starting at modeled time `t`; returns the images (OCI media
 * types, one per platform, the same as the archives hold), the outputs and the end time.
 * When `opts.signal` aborts, the running exporter's vertex ends CANCELED and this rejects
 * with a `CanceledError`.
 */
export async function exportOutputs(
  specs: readonly OutputSpec[],
  built: readonly BuiltPlatform[],
  t: number,
  progress: Progress,
  opts: ExportOptions,
): Promise<{ images: Image[]; outputs: OutputResult[]; end: number }> {
  const sde = opts.sourceDateEpoch;
  const mk = (oci: boolean) => built.map((b) => stageImage(b.state, opts.deps, { oci, created: opts.created, ...(sde !== undefined ? { sourceDateEpoch: sde } : {}) }));
  // BuildKit ≥ v0.13 writes OCI media types for the image store and both archive exporters.
  const images = mk(true);
  const outputs: OutputResult[] = [];
  let v: Vertex | undefined; // the running exporter
  const wait = <T>(work: Promise<T>): Promise<T> => unlessCanceled(work, opts.signal);
  /**
   * The rows of an image exporter: `exporting layers` while its new layers are compressed
   * (timed as it runs: its timer ticks in the tty view), a `writing layer sha256:...` row for
   * each layer compressed now (not for blobs made before), then each image's manifest and config.
   * The image store needs the blobs of the build's own layers; an archive needs every layer's
   * (the base image's too, which the store does not keep).
   */
  const layerRows = async (vertex: Vertex, imgs: readonly Image[], archive: boolean): Promise<void> => {
    const t0 = t;
    let cursor = t0;
    let bytes = 0;
    progress.running(vertex, 'exporting layers', t0, t0);
    // Every layer this exporter writes starts compressing at once (a small layer's tar is
    // made while a large one's blocks are deflated); the rows still follow the layers' order.
    const jobs: LayerJob[] = [];
    const seen = new Set<Layer>();
    for (let i = 0; i < imgs.length; i++) {
      const layers = await wait(imgs[i]!.layers());
      const kinds = built[i]!.state.layers;
      for (let j = 0; j < layers.length; j++) {
        const l = layers[j]!;
        if ((!archive && kinds[j]?.kind !== 'step') || seen.has(l)) continue;
        seen.add(l);
        jobs.push(new LayerJob(l, kinds[j]?.kind === 'step', opts.signal));
      }
    }
    try {
      for (const job of jobs) {
        const start = cursor;
        let ticks = 0;
        // one tick per TICK_BYTES boundary crossed: the same ticks whatever order the blocks finish in
        const tick = (compressed: number): void => {
          for (; ticks < Math.floor(compressed / TICK_BYTES); ticks++) {
            progress.running(vertex, 'exporting layers', t0, start + compressMs((ticks + 1) * TICK_BYTES));
          }
        };
        tick(job.compressed);
        job.follow = tick;
        const blob = await wait(job.blob);
        job.follow = undefined;
        if (job.step) bytes += blob.byteLength; // the modeled write: the build's own layers
        if (job.compressed === 0) continue; // made before (this build's cache, or a blob kept by diff ID)
        cursor = start + Math.max(writeMs(blob.byteLength), compressMs(job.compressed));
        progress.status(vertex, `writing layer ${await wait(job.layer.digest())}`, start, cursor);
      }
    } finally {
      for (const job of jobs) job.follow = undefined;
    }
    t = Math.max(cursor, t0 + writeMs(bytes));
    progress.status(vertex, 'exporting layers', t0, t);
    for (const img of imgs) {
      progress.status(vertex, `exporting manifest ${await wait(img.digest())}`, t, t);
      progress.status(vertex, `exporting config ${await wait(img.configName())}`, t, t);
    }
  };
  try {
    for (const spec of specs.length > 0 ? specs : [{ type: 'image' } as OutputSpec]) {
      switch (spec.type) {
        case 'image': {
          v = progress.start('exporting to image', t);
          await layerRows(v, images, false);
          for (const tag of fullTags(opts.tags)) {
            progress.status(v, `naming to ${tag}`, t, t);
            progress.status(v, `unpacking to ${tag}`, t, t + 40);
            t += 40;
          }
          progress.done(v, t);
          outputs.push({ spec });
          break;
        }
        case 'docker':
        case 'oci': {
          v = progress.start(`exporting to ${spec.type === 'oci' ? 'oci' : 'docker'} image format`, t);
          const imgs = images;
          if (spec.type === 'docker' && imgs.length > 1) {
            const msg = 'docker exporter does not currently support exporting manifest lists';
            progress.done(v, t, { error: msg });
            throw new EngineError('export-docker-multiplatform', msg);
          }
          await layerRows(v, imgs, true);
          const names = spec.name ? spec.name.split(',') : opts.tags;
          const archive = await wait(collect(exportArchive(imgs.length === 1 ? imgs[0]! : imgs, {
            variant: spec.type, names, created: opts.created, ...(sde !== undefined ? { sourceDateEpoch: sde } : {}),
          })));
          t = sendTarball(progress, v, t, archive.byteLength);
          outputs.push({ spec, archive });
          break;
        }
        case 'tar': {
          v = progress.start('exporting to client tarball', t);
          const parts: Uint8Array[] = [];
          for (const b of built) for (const c of exportRootfsTar(b.state.snapshot, sde !== undefined ? { sourceDateEpoch: sde } : {})) parts.push(c);
          const archive = await wait(collect(parts));
          t = sendTarball(progress, v, t, archive.byteLength);
          outputs.push({ spec, archive });
          break;
        }
        case 'local': {
          v = progress.start('exporting to client directory', t);
          const files = localFiles(built, sde);
          let bytes = 0;
          for (const f of files) if (f.type === 'file' && f.content) bytes += f.content instanceof Uint8Array ? f.content.byteLength : f.content.size;
          const ms = writeMs(bytes);
          progress.status(v, 'copying files', t, t + ms, bytes);
          t += ms;
          progress.done(v, t);
          outputs.push({ spec, files });
          break;
        }
        case 'cacheonly':
          // buildx drops it before the solve: no exporter vertex, no image, the results stay in the cache
          break;
      }
      v = undefined;
    }
  } catch (err) {
    if (err instanceof CanceledError && v) progress.done(v, t, { canceled: true });
    throw err;
  }
  return { images, outputs, end: t };
}

/** The `sending tarball` status and the end of an archive exporter's vertex; returns the new time. */
function sendTarball(progress: Progress, v: Vertex, t: number, bytes: number): number {
  const send = writeMs(bytes);
  progress.status(v, 'sending tarball', t, t + send);
  progress.done(v, t + send);
  return t + send;
}
