import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVER_MAIN_CHECKED } from '../../lessons/07-test/lesson.ts';
import { LESSONS } from '../../lessons/index.ts';
import { findStep, loadLessons, prosePath, readerFromFiles, startingDockerfile, validateLessons } from './load.ts';
import { LESSONS_DIR, readLessonFile } from './fixture.test-util.ts';
import type { Lesson } from './types.ts';

describe('lessons', () => {
  it('follow the guide\'s chapters, one folder each, in order', () => {
    expect(LESSONS.map((l) => l.id)).toEqual([
      '01-introduction', '02-layers', '03-multi-stage', '04-mounts', '05-build-arguments',
      '06-export-binaries', '07-test', '08-multi-platform', '09-what-you-built',
    ]);
    const folders = readdirSync(LESSONS_DIR, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'project').map((d) => d.name).sort();
    expect(folders).toEqual(LESSONS.map((l) => l.id));
  });

  it('all load and validate, with their prose', () => {
    expect(validateLessons(LESSONS, readLessonFile)).toEqual([]);
    const loaded = loadLessons(readLessonFile, LESSONS);
    for (const l of loaded) for (const s of l.steps) expect(s.markdown).toMatch(/^# /);
  });

  it('the multi-stage lesson has the seed\'s steps: scratch, parallel, targets', () => {
    expect(LESSONS[2]!.steps.map((s) => s.id)).toEqual(['scratch', 'parallel', 'targets']);
  });

  it('every prose file under lessons/ belongs to a step', () => {
    const used = new Set(LESSONS.flatMap((l) => l.steps.map((s) => prosePath(l, s))));
    for (const l of LESSONS) {
      for (const f of readdirSync(resolve(LESSONS_DIR, l.id)).filter((n) => n.endsWith('.md'))) expect(used).toContain(`${l.id}/${f}`);
    }
  });

  it('reports each kind of problem', () => {
    const step = LESSONS[0]!.steps[0]!;
    const bad: Lesson[] = [
      { id: 'intro', title: ' ', summary: 'x', steps: [] },
      {
        id: '02-x', title: 'x', summary: 'x',
        steps: [
          { ...step, id: 'Bad_Id', commands: [], hint: '', prose: 'missing.md' },
          { ...step, id: 'two', commands: ['  '], solution: [{ path: 'go.mod', text: '' }], check: { kind: 'all', checks: [] } },
          { ...step, id: 'two' },
        ],
      },
      { id: '02-x', title: 'x', summary: 'x', steps: [{ ...step }] },
    ];
    const problems = validateLessons(bad, (p) => (p.endsWith('missing.md') ? undefined : p.includes('02-x') ? '' : '# x'));
    expect(problems).toEqual([
      'lesson "intro": the id must look like 03-multi-stage',
      'lesson "intro": no title',
      'lesson "intro": no steps',
      '02-x/Bad_Id: the step id must be lowercase words joined by "-"',
      '02-x/Bad_Id: no commands',
      '02-x/Bad_Id: no hint',
      '02-x/Bad_Id: prose file 02-x/missing.md does not exist',
      '02-x/two: an empty command',
      '02-x/two: an "all" check needs at least one check',
      '02-x/two: the solution has no Dockerfile',
      "02-x/two: the solution's go.mod is empty",
      '02-x/two: prose file 02-x/01-single-stage.md is empty',
      '02-x/two: duplicate step id',
      '02-x/two: prose 01-single-stage.md is shared with another step',
      '02-x/two: prose file 02-x/01-single-stage.md is empty',
      'lesson "02-x": duplicate id',
      '02-x/single-stage: prose file 02-x/01-single-stage.md is empty',
    ]);
    expect(() => loadLessons(() => undefined, [LESSONS[0]!])).toThrow(/prose file 01-introduction\/01-single-stage.md does not exist/);
  });

  it('reads prose from bundled files, as the web app gets them', () => {
    const read = readerFromFiles({ '/lessons/03-multi-stage/01-scratch.md': '# A', '../../lessons/02-layers/01-cache-order.md': '# B', '/other/x.md': '# C' });
    expect(read('03-multi-stage/01-scratch.md')).toBe('# A');
    expect(read('02-layers/01-cache-order.md')).toBe('# B');
    expect(read('x.md')).toBeUndefined();
  });

  it('finds steps by deep link, and the Dockerfile each step starts from', () => {
    expect(findStep(LESSONS, '03-multi-stage/targets')?.index).toBe(2);
    expect(findStep(LESSONS, '03-multi-stage')?.step.id).toBe('scratch');
    expect(findStep(LESSONS, '03-multi-stage/nope')).toBeUndefined();
    expect(findStep(LESSONS, 'nope/scratch')).toBeUndefined();
    expect(startingDockerfile(LESSONS, '01-introduction/single-stage')).toBeUndefined();
    // crossing a lesson boundary: the scratch step starts from chapter 2's Dockerfile
    expect(startingDockerfile(LESSONS, '03-multi-stage/scratch')).toBe(LESSONS[1]!.steps[0]!.solution[0]!.text);
    expect(startingDockerfile(LESSONS, '03-multi-stage/parallel')).toBe(LESSONS[2]!.steps[0]!.solution[0]!.text);
  });

  it('the lint fix changes only the w.Write call of the project\'s server', () => {
    const project = readFileSync(resolve(LESSONS_DIR, 'project/cmd/server/main.go'), 'utf8');
    const call = '\t\tw.Write([]byte(greeting.For(r.URL.Query().Get("name"))))\n';
    expect(project).toContain(call);
    expect(SERVER_MAIN_CHECKED).toBe(project.replace(call, [
      '\t\tif _, err := w.Write([]byte(greeting.For(r.URL.Query().Get("name")))); err != nil {',
      '\t\t\tlog.Println("could not send the greeting:", err)',
      '\t\t}',
      '',
    ].join('\n')));
  });

  it('the project\'s own Dockerfile builds the multi-stage lesson\'s final targets', () => {
    const own = readFileSync(resolve(LESSONS_DIR, 'project/Dockerfile'), 'utf8');
    const strip = (s: string) => s.split('\n').filter((l) => !l.startsWith('# ') || l.startsWith('# syntax')).join('\n');
    expect(strip(own)).toBe(strip(LESSONS[2]!.steps[2]!.solution[0]!.text));
  });
});
