import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../../cli/cli.ts';
import { nodeDeps } from '#engine/platform/node';
import { LESSONS } from '../../../../lessons/index.ts';
import { SandboxClient } from '../sandbox/SandboxClient.svelte.ts';
import { memoryStore } from './memory-store.test-util.ts';
import { projectReadme, projectZip, readmeName } from './project-zip.ts';
import { Workspace } from './Workspace.svelte.ts';

const multiStage = LESSONS.find((l) => l.id === '03-multi-stage')!;

describe('the project zip', () => {
  it("lists the lesson's commands step by step and how to run them with a real Docker", () => {
    const readme = projectReadme(multiStage, 'targets', LESSONS);
    expect(readme).toContain('the lesson **Multi-stage builds** (chapter 3 of 9)');
    for (const step of multiStage.steps) {
      expect(readme).toContain(`### ${step.title}${step.id === 'targets' ? ' (where you are)' : ''}\n\n\`\`\`sh\n${step.commands.join('\n')}\n\`\`\``);
    }
    expect(readme).toContain('docker build --tag=buildme-client --target=client .');
    expect(readme).toContain('## Run them with a real Docker');
    expect(readme).toMatch(/The Go toolchain is real/);
    expect(projectReadme(undefined)).not.toContain('## The commands of this lesson');
  });

  it('keeps a README.md the workspace has, and puts its own beside it', () => {
    expect(readmeName(new Map([['Dockerfile', '']]))).toBe('README.md');
    const zip = unzipSync(projectZip(new Map([['README.md', 'mine'], ['Dockerfile', 'FROM scratch\n']]), 'ours'));
    expect(new TextDecoder().decode(zip['README.md'])).toBe('mine');
    expect(new TextDecoder().decode(zip['README.stageplay.md'])).toBe('ours');
  });

  it("unzips to the workspace plus the README, and the CLI builds it to the page's image digest (SOURCE_DATE_EPOCH=0)", async () => {
    const ws = new Workspace(memoryStore());
    await ws.init();
    ws.update('bin/notes.txt', 'kept\n');
    const files = ws.all();
    const readme = projectReadme(multiStage, 'targets', LESSONS);
    const entries = unzipSync(projectZip(files, readme));
    expect(Object.keys(entries).sort()).toEqual([...files.keys(), 'README.md'].sort());
    for (const [path, content] of files) expect(new TextDecoder().decode(entries[path])).toBe(typeof content === 'string' ? content : new TextDecoder().decode(content));
    expect(new TextDecoder().decode(entries['README.md'])).toBe(readme);

    // the page's engine
    const client = new SandboxClient(ws, nodeDeps, () => undefined);
    let err = '';
    const page = await client.run('docker build --build-arg SOURCE_DATE_EPOCH=0 -t zipped --target=client .', { stdout: () => {}, stderr: (t) => (err += t) });
    expect(page.exitCode, err).toBe(0);
    const pageId = (await client.images.list()).find((r) => r.ref === 'zipped:latest')!.id;

    // the CLI's, in-process, over the unzipped folder
    const dir = mkdtempSync(join(tmpdir(), 'stageplay-zip-'));
    try {
      for (const [path, bytes] of Object.entries(entries)) {
        mkdirSync(dirname(join(dir, 'project', path)), { recursive: true });
        writeFileSync(join(dir, 'project', path), bytes);
      }
      let out = '';
      const io = { cwd: dir, env: { SOURCE_DATE_EPOCH: '0' }, stdout: (t: string) => (out += t), stderr: (t: string) => (out += t) };
      const root = join(dir, 'root');
      expect(await runCli(['build', '--root', root, '--jobs', '1', '--progress=plain', '-t', 'zipped', '--target=client', join(dir, 'project')], io), out).toBe(0);
      out = '';
      expect(await runCli(['inspect', '--root', root, 'zipped'], io)).toBe(0);
      expect((JSON.parse(out) as { Id: string }[])[0]!.Id).toBe(pageId);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
