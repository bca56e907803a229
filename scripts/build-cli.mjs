#!/usr/bin/env node
/**
 * Builds the `stageplay` command (package.json `bin`) to plain JavaScript in `dist-cli/`, so it
 * starts without a TypeScript loader: `npx stageplay images` loads one ES module instead of
 * registering tsx and transpiling the module graph. `npm run cli` still runs the sources.
 *
 *   dist-cli/stageplay.mjs     cli/main.ts and everything it imports, one file
 *   dist-cli/stage-worker.mjs  the stage worker (`--jobs`), which the source CLI bundles on
 *                              first use (workers/node-bundle.ts); here it is built ahead
 *   dist-cli/<name>.mjs        every other worker a bundled module starts with
 *                              `new URL('./<name>.mjs', import.meta.url)` (found while bundling)
 *
 * Run by `npm run build`, and by `prepare` (so `npm install` / `npm ci` leave a working bin).
 * `--outdir DIR` writes elsewhere (the tests build their own copy).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const at = process.argv.indexOf('--outdir');
const OUT = at > 0 && process.argv[at + 1] ? resolve(process.argv[at + 1]) : join(ROOT, 'dist-cli');
/** Started only when the CLI runs from the sources through tsx (it registers the TypeScript loader). */
const TSX_ONLY = new Set(['workers/node-boot.mjs']);

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  legalComments: 'none',
  // node-bundle.ts's run-time bundler, never reached here (the stage worker is built ahead)
  external: ['rolldown'],
  // bundled CommonJS dependencies call require() for Node's built-ins and read __filename
  banner: {
    js: [
      "import { createRequire as __stageplayRequire } from 'node:module';",
      "import { fileURLToPath as __stageplayPath } from 'node:url';",
      'const require = __stageplayRequire(import.meta.url);',
      'const __filename = __stageplayPath(import.meta.url);',
      "const __dirname = __stageplayPath(new URL('.', import.meta.url));",
    ].join('\n'),
  },
};

/** Worker modules the bundled code starts by URL: `new URL('./x.mjs', import.meta.url)`. */
const workerRefs = new Map(); // output name -> { source, from }
const findWorkers = {
  name: 'stageplay-worker-urls',
  setup(b) {
    b.onLoad({ filter: /\.(ts|mjs)$/ }, (args) => {
      if (args.path.includes(`${join('node_modules', '')}`)) return undefined;
      const text = readFileSync(args.path, 'utf8');
      for (const m of text.matchAll(/new URL\(\s*(['"])([^'"]+)\1\s*,\s*import\.meta\.url\s*\)/g)) {
        const target = resolve(dirname(args.path), m[2]);
        const rel = relative(ROOT, target);
        if (!target.endsWith('.mjs') || TSX_ONLY.has(rel) || !existsSync(target)) continue;
        if (!m[2].startsWith('./') || m[2].slice(2).includes('/')) {
          throw new Error(`${relative(ROOT, args.path)}: worker URL ${m[2]} must name a file beside it ('./name.mjs') to be bundled`);
        }
        const name = basename(target, '.mjs');
        const seen = workerRefs.get(name);
        if (seen && seen.source !== target) throw new Error(`two workers named ${name}.mjs: ${seen.source} and ${target}`);
        workerRefs.set(name, { source: target, from: relative(ROOT, args.path) });
      }
      return { contents: text, loader: args.path.endsWith('.ts') ? 'ts' : 'js' };
    });
  },
};

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
// The command and its stage worker first; then the workers found in them, and in those, until no new one appears.
let entries = { stageplay: join(ROOT, 'cli/main.ts'), 'stage-worker': join(ROOT, 'workers/node-stage.entry.ts') };
const built = new Set();
while (Object.keys(entries).length > 0) {
  await build({
    ...common,
    entryPoints: entries,
    outdir: OUT,
    outExtension: { '.js': '.mjs' },
    // workers/node-bundle.ts loads this file instead of bundling the stage worker at run time
    define: { __STAGEPLAY_STAGE_WORKER__: JSON.stringify('./stage-worker.mjs') },
    plugins: [findWorkers],
  });
  for (const name of Object.keys(entries)) built.add(name);
  entries = Object.fromEntries([...workerRefs].filter(([name]) => !built.has(name)).map(([name, w]) => [name, w.source]));
  for (const name of Object.keys(entries)) if (name === 'stageplay' || name === 'stage-worker') throw new Error(`a worker named ${name}.mjs would overwrite the built command`);
}
chmodSync(join(OUT, 'stageplay.mjs'), 0o755);
