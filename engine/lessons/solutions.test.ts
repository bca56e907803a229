import { describe, expect, it } from 'vitest';
import { parseDockerCommand } from '../commands/index.ts';
import { LESSON_PROGRAMS, lessonCommands } from './commands.ts';
import { loadDockerfile } from '../frontend/index.ts';
import { LESSONS } from '../../lessons/index.ts';

const steps = LESSONS.flatMap((l) => l.steps.map((s) => ({ link: `${l.id}/${s.id}`, step: s })));
/** The `docker …` commands of a step's command lines, parsed as the terminal parses them. */
const dockerCommands = (commands: readonly string[]) =>
  commands.flatMap((c) => lessonCommands(c)).filter((c) => c.words[0] === 'docker').map((c) => parseDockerCommand(c.words.slice(1)));
const dockerfileOf = (s: (typeof steps)[number]['step']) => s.solution.find((f) => f.path === 'Dockerfile')!.text;
const lintLines = (text: string, target?: string) =>
  loadDockerfile(text, { allStages: true, ...(target ? { target } : {}) }).warnings.map((w) => `${w.rule}: ${w.detail} (line ${w.ranges[0]!.start.line})`);

describe('every step\'s solution Dockerfile', () => {
  it.each(steps)('$link loads with exactly the expected lint warnings', ({ step }) => {
    expect(lintLines(dockerfileOf(step))).toEqual(step.warnings);
  });

  it.each(steps)('$link: every --target its commands name exists, and loads with the same warnings', ({ step }) => {
    for (const cmd of dockerCommands(step.commands)) {
      if (cmd.kind !== 'build') continue;
      const { target, buildArgs, platforms } = cmd.options;
      for (const platform of platforms.length ? platforms : [undefined]) {
        const f = loadDockerfile(dockerfileOf(step), { ...(target ? { target } : {}), buildArgs, ...(platform ? { platform } : {}) });
        expect(f.target.name ?? '').toBe(target ?? f.stages[f.stages.length - 1]!.name ?? '');
      }
      expect(lintLines(dockerfileOf(step), target)).toEqual(step.warnings);
    }
  });

  it('the multi-stage lesson\'s targets prune the other build stage', () => {
    const targets = LESSONS.find((l) => l.id === '03-multi-stage')!.steps.find((s) => s.id === 'targets')!;
    const reach = (t: string) => loadDockerfile(dockerfileOf(targets), { target: t }).reachable.map((s) => s.name);
    expect(reach('client')).toEqual(['base', 'build-client', 'client']);
    expect(reach('server')).toEqual(['base', 'build-server', 'server']);
  });

  it('the build-arguments steps expand GO_VERSION in FROM', () => {
    const goVersion = LESSONS.find((l) => l.id === '05-build-arguments')!.steps[0]!;
    const f = loadDockerfile(dockerfileOf(goVersion), { buildArgs: { GO_VERSION: '1.19' } });
    expect(f.froms[0]).toMatchObject({ baseName: 'golang:1.19-alpine' });
  });
});

describe('every step\'s commands', () => {
  it.each(steps)('$link parse as the terminal parses them, and run only programs the terminal has', ({ step }) => {
    for (const c of step.commands) {
      const commands = lessonCommands(c);
      expect(commands.length, c).toBeGreaterThan(0);
      for (const { words } of commands) expect(LESSON_PROGRAMS.has(words[0]!), `${c}: ${words[0]}`).toBe(true);
    }
    for (const cmd of dockerCommands(step.commands)) expect(cmd.kind).not.toBe('help');
  });

  it('follow the guide as it types them: a log redirected to a file and read with awk, ls of the exported binary', () => {
    const lines = steps.flatMap(({ step }) => step.commands);
    expect(lines).toContain('docker build --target=client --progress=plain . 2> log1.txt');
    expect(lessonCommands('docker build --target=client --progress=plain . 2> log1.txt')[0]).toEqual({ words: ['docker', 'build', '--target=client', '--progress=plain', '.'], writes: ['log1.txt'] });
    expect(lines).toContain("awk '/proxy.golang.org/' log1.txt");
    expect(lines).toContain('ls -l ./bin');
  });

  it('keep the guide\'s spellings (quoted build args, comma-separated platforms)', () => {
    const all = steps.flatMap(({ step }) => dockerCommands(step.commands));
    const builds = all.flatMap((c) => (c.kind === 'build' ? [c.options] : []));
    expect(builds.some((o) => o.buildArgs.APP_VERSION === 'v0.0.1')).toBe(true);
    expect(builds.some((o) => o.buildArgs.GO_VERSION === '1.19')).toBe(true);
    expect(builds.find((o) => o.platforms.length === 3)?.platforms).toEqual(['linux/amd64', 'linux/arm64', 'linux/arm/v7']);
    expect(all.find((c) => c.kind === 'images' && c.pattern === 'buildme*')).toBeDefined();
  });
});
