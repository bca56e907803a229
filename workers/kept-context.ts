/**
 * The build context a stage worker keeps from one job to the next. A job that carried the
 * whole context would copy it once per stage, on the coordinator's thread, before that
 * stage can start (two generated 8 MB programs: 30 to 150 ms here, mostly the system
 * mapping the fresh copy's pages). Instead each worker keeps the context files of its last
 * job, and a job sends only the files whose bytes differ from those (compared byte for
 * byte, so a context rebuilt from the same files sends nothing), as BuildKit sends a build
 * only what changed in the context since the last one (fsutil's diffcopy).
 *
 * Both sides number what the worker keeps: a job names the generation its kept files come
 * from, and a worker that keeps another one refuses it. The coordinator forgets what a
 * worker keeps when a job fails there (`forget`), and a replaced worker starts a new sender.
 */
import { packTree, unpackTree, type PackedTree, type Snapshot } from '#engine/fs';
import { baseRegistry } from '#engine/build';

/** Which kept files a job's context refers to. */
export interface WireKept {
  /** The generation the worker keeps after this job. */
  readonly gen: number;
  /** The generation the job's kept files come from (0: none; everything is sent). */
  readonly from: number;
}

/** Whether `a` and `b` hold the same bytes (four at a time when both are aligned). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  const n = a.byteLength;
  if (n !== b.byteLength) return false;
  let i = 0;
  if (a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0) {
    const words = n >> 2;
    const x = new Int32Array(a.buffer, a.byteOffset, words);
    const y = new Int32Array(b.buffer, b.byteOffset, words);
    for (let w = 0; w < words; w++) if (x[w] !== y[w]) return false;
    i = words << 2;
  }
  for (; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The coordinator's side: what one stage worker keeps, and packing a job's context against it. */
export class KeptContextSender {
  private files = new Map<string, Uint8Array>();
  private gen = 0;

  constructor(private readonly nextGen: () => number) {}

  /** Packs `context`, sending only the files the worker does not keep; the worker then keeps this context. */
  pack(context: Snapshot): { packed: PackedTree; kept: WireKept } {
    const before = this.files;
    const after = new Map<string, Uint8Array>();
    const { packed } = packTree(context, {
      lazy: baseRegistry,
      kept: (path, bytes) => {
        const old = before.get(path);
        const same = old !== undefined && sameBytes(old, bytes);
        after.set(path, same ? old : bytes);
        return same;
      },
    });
    const kept = { gen: this.nextGen(), from: this.gen };
    this.files = after;
    this.gen = kept.gen;
    return { packed, kept };
  }

  /** Forgets what the worker keeps (a job failed there: it may not have taken the last context). */
  forget(): void {
    this.files = new Map();
    this.gen = 0;
  }
}

/** The stage worker's side: the context files of its last job. */
export class KeptContext {
  private files = new Map<string, Uint8Array>();
  private gen = 0;

  /** Rebuilds a job's context from the bytes it carries and the files kept here; keeps the new one. */
  unpack(packed: PackedTree, kept: WireKept): Snapshot {
    if (kept.from !== 0 && kept.from !== this.gen) {
      throw new Error(`stage worker: the job's build context refers to the files of context ${kept.from}, and this worker keeps context ${this.gen}`);
    }
    const from = this.files;
    const context = unpackTree(packed, baseRegistry, undefined, (path) => {
      const bytes = kept.from === 0 ? undefined : from.get(path);
      if (bytes === undefined) throw new Error(`stage worker: the job's build context refers to ${path}, which this worker does not keep`);
      return bytes;
    });
    const files = new Map<string, Uint8Array>();
    for (const e of context.walk()) if (e.type === 'file' && e.content instanceof Uint8Array) files.set(e.path, e.content);
    this.files = files;
    this.gen = kept.gen;
    return context;
  }
}
