/**
 * Fast Node worker start: the stage worker and the engine bundled once into one ES module
 * under `.cache/workers/`, named by a hash of the sources, so a worker loads plain JS
 * instead of registering the tsx loader and transpiling hundreds of files (≈ 2 s → well
 * under 1 s). Built with rolldown's JS API (vite's bundler, already a dev dependency).
 * Node only; `nodeSpawner` starts stage workers from the bundle once `prepareStageBundle()` has resolved.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useStageBundle } from './node.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCES = ['engine', 'workers'];
let ready: Promise<string | undefined> | undefined;
/** Set by the built CLI (`scripts/build-cli.mjs`): its stage worker, already bundled beside it. */
declare const __STAGEPLAY_STAGE_WORKER__: string | undefined;

/** Hash of every `.ts`/`.mjs` source a stage worker may load (and of package.json). */
function sourceHash(): string {
  const h = createHash('sha256');
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, name.name);
      if (name.isDirectory()) {
        if (name.name !== 'node_modules') walk(p);
      } else if (/\.(ts|mjs|js|json)$/.test(name.name) && !/\.test\.ts$/.test(name.name)) {
        h.update(p.slice(ROOT.length)).update('\0').update(readFileSync(p));
      }
    }
  };
  for (const s of SOURCES) walk(join(ROOT, s));
  h.update(readFileSync(join(ROOT, 'package.json')));
  return h.digest('hex').slice(0, 16);
}

/** Builds (or finds) the bundle; resolves with its path, or undefined when bundling failed (tsx is the fallback). */
export function prepareStageBundle(): Promise<string | undefined> {
  ready ??= (async () => {
    if (typeof __STAGEPLAY_STAGE_WORKER__ === 'string') {
      const prebuilt = fileURLToPath(new URL(__STAGEPLAY_STAGE_WORKER__, import.meta.url));
      useStageBundle(prebuilt);
      return prebuilt;
    }
    try {
      const out = join(ROOT, '.cache', 'workers', `stage-${sourceHash()}.mjs`);
      if (!existsSync(out)) {
        const { build } = await import('rolldown');
        const tmp = `${out}.${process.pid}.tmp`;
        mkdirSync(dirname(out), { recursive: true });
        await build({
          input: fileURLToPath(new URL('./node-stage.entry.ts', import.meta.url)),
          platform: 'node',
          logLevel: 'silent',
          output: { file: tmp, format: 'esm', codeSplitting: false },
        });
        renameSync(tmp, out);
      }
      useStageBundle(out);
      return out;
    } catch (err) {
      if (process.env.STAGEPLAY_DEBUG_BUNDLE) console.error(err);
      return undefined;
    }
  })();
  return ready;
}
