/**
 * End-to-end: the guide typed as written. Every command of Docker's "Build with Docker"
 * guide (chapters 1 to 8, in order), typed into the page's terminal in Chromium, with each
 * chapter's Dockerfile put in the workspace first as the lessons have the learner write it.
 * What the terminal prints is compared with what the guide shows: the image sizes within
 * 5 % (the simulated binaries are not the guide's), the programs' lines exactly.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BINARIES, CACHE_MOUNT, BIND_MOUNTS, BUILD_ARGS, GO_VERSION_ARG, LAYERED, LINT, MULTI_PLATFORM, PARALLEL, SCRATCH, SINGLE_STAGE, TARGETS } from '../../lessons/dockerfiles.ts';
import { openApp, openTestPage, terminalIdle, terminalText, typeInTerminal, type OpenApp } from './chromium.ts';

interface Hook {
  client: { running: boolean };
  workspace: { read(p: string): string | undefined; update(p: string, text: string): void; bytes(p: string): Uint8Array | undefined };
}
declare const __stageplay: Hook;

let app: OpenApp;
let page: Page;
let problems: string[] = [];

beforeAll(async () => {
  app = await openApp();
  // tall enough that a build's whole tty view fits on the screen
  ({ page, problems } = await openTestPage(app, { width: 1440, height: 1400 }));
  await page.getByTestId('terminal-maximise').click();
}, 180_000);

afterAll(async () => {
  await app?.close();
});

const type = (line: string) => typeInTerminal(page, line);
const dockerfile = (text: string) => page.evaluate((t) => __stageplay.workspace.update('Dockerfile', t), text);
const edit = (path: string, text: string) => page.evaluate(([p, t]) => __stageplay.workspace.update(p!, t!), [path, text]);
const read = (path: string) => page.evaluate((p) => __stageplay.workspace.read(p), path);

/** Bytes of a `docker images` SIZE (`150MB`, `8.45MB`, `707kB`), 1000-based as Docker prints them. */
function bytesOf(size: string): number {
  const m = /^([\d.]+)(B|kB|MB|GB)$/.exec(size);
  if (!m) throw new Error(`not a size: ${size}`);
  return Number(m[1]) * { B: 1, kB: 1e3, MB: 1e6, GB: 1e9 }[m[2] as 'B']!;
}

/** The SIZE column of `repo:tag` in a `docker images` table on the screen. */
function sizeOf(screen: string, repo: string, tag = 'latest'): number {
  const row = screen.split('\n').find((l) => l.split(/\s+/)[0] === repo && l.split(/\s+/)[1] === tag);
  if (!row) throw new Error(`no row for ${repo}:${tag} in:\n${screen}`);
  return bytesOf(row.trim().split(/\s+/).at(-1)!);
}

/** The size column of `name` in an `ls -l` listing on the screen. */
function sizeIn(ls: string, name: string): number {
  const row = ls.split('\n').find((l) => l.trim().split(/\s+/).at(-1) === name && l.startsWith('-'));
  if (!row) throw new Error(`no ${name} in:\n${ls}`);
  return Number(row.trim().split(/\s+/)[4]);
}

const near = (actual: number, guide: number) => expect(Math.abs(actual - guide) / guide, `${actual} vs the guide's ${guide}`).toBeLessThan(0.05);

/** Ends a build's tty view: the last `[+] Building ... FINISHED` line. */
const finished = (screen: string) => expect(screen).toMatch(/\[\+\] Building [\d.]+s \(\d+\/\d+\) FINISHED/);

describe('the guide, typed as written', () => {
  it('chapter 1: build, run detached, exec the client, stop', async () => {
    await dockerfile(SINGLE_STAGE);
    finished(await type('docker build --tag=buildme .'));
    near(sizeOf(await type('docker images'), 'buildme'), 150e6);
    const id = (await type('docker run --name=buildme --rm --detach buildme')).split('\n').find((l) => /^[0-9a-f]{64}$/.test(l.trim()));
    expect(id, 'docker run --detach prints the container ID').toBeDefined();
    // the table may wrap at the terminal's edge: \s spans the wrap
    const ps = await type('docker ps');
    expect(ps).toMatch(/^CONTAINER ID +IMAGE +COMMAND +CREATED\s+STATUS\s+PORTS\s+NAMES\s*$/m);
    expect(ps).toMatch(new RegExp(`^${id!.trim().slice(0, 12)} +buildme +"/bin/server" +[^\\n]*ago\\s+Up [^]*\\sbuildme\\s*\\n\\$`, 'm'));
    const client = await type('docker exec -it buildme /bin/client');
    expect(client).toContain('buildme: a tiny client and server for learning multi-stage builds\nClient ready. Asking the server at http://localhost:3000\nHello, stranger! This reply came from inside a container.\n');
    expect(await type('docker stop buildme')).toMatch(/^buildme$/m);
    // --rm: gone with the stop
    expect(await type('docker ps -a')).not.toMatch(/buildme\s*$/m);
  }, 400_000);

  it('chapter 2: with the layers in cache order, an edit rebuilds from COPY . . and go mod download stays cached', async () => {
    await dockerfile(LAYERED);
    finished(await type('docker build --tag=buildme .'));
    const main = (await read('cmd/server/main.go'))!;
    await edit('cmd/server/main.go', main.replace('Starting server...', 'Starting the server...'));
    const again = await type('docker build --tag=buildme .');
    finished(again);
    expect(again).toMatch(/=> CACHED \[\d\/\d\] RUN go mod download/);
    expect(again).not.toMatch(/CACHED \[\d\/\d\] COPY \. \./);
    await edit('cmd/server/main.go', main);
  }, 400_000);

  it('chapter 3: FROM scratch, parallel stages and targets, with the guide\'s sizes', async () => {
    await dockerfile(SCRATCH);
    finished(await type('docker build --tag=buildme .'));
    near(sizeOf(await type('docker images buildme'), 'buildme'), 8.45e6);
    await dockerfile(PARALLEL);
    finished(await type('docker build --tag=buildme .'));
    await dockerfile(TARGETS);
    finished(await type('docker build --tag=buildme-client --target=client .'));
    finished(await type('docker build --tag=buildme-server --target=server .'));
    const images = await type('docker images "buildme*"');
    near(sizeOf(images, 'buildme-client'), 4.25e6);
    near(sizeOf(images, 'buildme-server'), 4.2e6);
    // "buildme*" lists buildme too; `docker images buildme` does not list buildme-client
    expect(await type('docker images buildme')).not.toContain('buildme-client');
  }, 400_000);

  it('chapter 4: cache mounts, the log in a file, awk, a new dependency, bind mounts', async () => {
    await dockerfile(CACHE_MOUNT);
    expect(await type('docker builder prune -af')).toMatch(/^Total:\s+[\d.]+[kMG]?B$/m);
    const quiet = await type('docker build --target=client --progress=plain . 2> log1.txt');
    expect(quiet).not.toMatch(/#1 \[internal\]/);
    const first = (await type("awk '/proxy.golang.org/' log1.txt")).split('\n').filter((l) => l.includes('# get https://proxy.golang.org/'));
    expect(first.length).toBeGreaterThan(0);
    // go mod download -x: each request, then its answer (`...: 200 OK (0.049s)`)
    const answers = first.filter((l) => /: 200 OK \([\d.]+s\)$/.test(l.trim()));
    expect(answers.length, first.join('\n')).toBe(first.length / 2);
    // a new dependency in go.mod: the next build downloads only that module
    const gomod = (await read('go.mod'))!;
    await edit('go.mod', gomod.replace('\tgithub.com/spf13/pflag v1.0.5\n', '\tgithub.com/spf13/pflag v1.0.5\n\tgithub.com/go-chi/chi/v5 v5.0.8\n'));
    await type('docker build --target=client --progress=plain . 2> log2.txt');
    const second = (await type("awk '/proxy.golang.org/' log2.txt")).split('\n').filter((l) => l.includes('# get https://proxy.golang.org/'));
    expect(second.length).toBeGreaterThan(0);
    expect(second.every((l) => l.includes('github.com/go-chi/chi/v5')), second.join('\n')).toBe(true);
    await edit('go.mod', gomod);
    await dockerfile(BIND_MOUNTS);
    const plain = await type('docker build --target=client --progress=plain . 2>&1 | grep -c DONE');
    expect(Number(plain.split('\n')[1])).toBeGreaterThan(0);
  }, 400_000);

  it('chapter 5: build arguments, and docker run buildme-server prints the version', async () => {
    await dockerfile(GO_VERSION_ARG);
    const old = await type('docker build --build-arg="GO_VERSION=1.19" .');
    finished(old);
    expect(old).toContain('golang:1.19-alpine');
    await dockerfile(BUILD_ARGS);
    finished(await type('docker build --target=server --build-arg="APP_VERSION=v0.0.1" --tag=buildme-server .'));
    // the server keeps running in the foreground until Ctrl+C, as on a real machine
    await terminalIdle(page);
    await page.locator('[data-testid="terminal"] .xterm-helper-textarea').focus();
    await page.keyboard.press('Control+L');
    await page.keyboard.type('docker run buildme-server');
    await page.keyboard.press('Enter');
    await expect.poll(() => terminalText(page), { timeout: 60_000 }).toContain('Listening on HTTP port 3000');
    expect(await terminalText(page)).toContain('Version: v0.0.1\nStarting server...\nListening on HTTP port 3000\n');
    // still serving: the prompt has not come back
    expect(await page.evaluate(() => __stageplay.client.running)).toBe(true);
    await page.keyboard.press('Control+C');
    await terminalIdle(page, 10_000);
  }, 400_000);

  it('chapter 6: binaries exported into the workspace, with the guide\'s sizes', async () => {
    await dockerfile(BINARIES);
    await type('docker build --output=. --target=server .');
    const ls = await type('ls -l ./bin');
    near(sizeIn(ls, 'server'), 7459368);
    await type('docker build --output=bin --target=binaries .');
    const both = await type('ls -l ./bin');
    near(sizeIn(both, 'client'), 7581933);
    near(sizeIn(both, 'server'), 7459368);
  }, 400_000);

  it('chapter 7: the lint stage fails on the unchecked w.Write', async () => {
    await dockerfile(LINT);
    const lint = await type('docker build --target=lint .');
    expect(lint.replace(/\n/g, '')).toMatch(/cmd\/server\/main\.go:\d+:\d+: Error return value of `w\.Write` is not checked \(errcheck\)/);
    expect(lint).toMatch(/ERROR: failed to (solve|build)/);
  }, 400_000);

  it('chapter 8: multi-platform builds and binaries per platform', async () => {
    await dockerfile(MULTI_PLATFORM);
    finished(await type('docker build --target=server --platform=linux/arm/v7 .'));
    await type('docker build --target=binaries --output=bin --platform=linux/amd64,linux/arm64,linux/arm/v7 .');
    const tree = await type('find bin -type f | sort');
    for (const p of ['linux_amd64', 'linux_arm64', 'linux_arm_v7']) {
      expect(tree).toContain(`bin/${p}/client`);
      expect(tree).toContain(`bin/${p}/server`);
    }
    expect(await type('file bin/linux_arm64/server')).toMatch(/ELF 64-bit LSB executable, ARM aarch64/);
  }, 400_000);

  it('raised no page errors', () => {
    expect(problems).toEqual([]);
  });
});
