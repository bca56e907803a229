import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import { describe, expect, it } from 'vitest';
import { diagnoseDockerfile } from '../sandbox/diagnostics.ts';
import { hintMarkers, hoverMarkdown, INFO_SEVERITY, toLspPosition, toMonacoCompletions, toMonacoEdits, toMonacoRange } from './lsp.ts';

const service = DockerfileLanguageServiceFactory.createLanguageService();
service.setCapabilities({ completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown'] } }, hover: { contentFormat: ['markdown'] } });
const enums = { kind: { Text: 18, Keyword: 17, Snippet: 27, Value: 13 }, insertAsSnippet: 4 };

describe('LSP ↔ Monaco conversions', () => {
  it('turns 0-based LSP ranges into 1-based Monaco ranges and back', () => {
    expect(toMonacoRange({ start: { line: 0, character: 0 }, end: { line: 2, character: 5 } })).toEqual({ startLineNumber: 1, startColumn: 1, endLineNumber: 3, endColumn: 6 });
    expect(toLspPosition(3, 7)).toEqual({ line: 2, character: 6 });
  });

  it('gives the FROM instruction documentation as hover Markdown', () => {
    const md = hoverMarkdown(service.computeHover('FROM alpine\n', toLspPosition(1, 2)));
    expect(md.join('\n')).toMatch(/Set the `baseImage`/);
    expect(hoverMarkdown(null)).toEqual([]);
  });

  it('completes instructions as snippets over the typed word', () => {
    const items = service.computeCompletionItems('FROM alpine\nRU', toLspPosition(2, 3));
    if (!Array.isArray(items)) throw new Error('expected a synchronous list');
    const run = toMonacoCompletions(items, { startLineNumber: 2, startColumn: 1, endLineNumber: 2, endColumn: 3 }, enums).find((c) => c.label.startsWith('RUN'));
    expect(run).toMatchObject({ kind: 17, insertTextRules: 4, range: { startLineNumber: 2, startColumn: 1, endLineNumber: 2, endColumn: 3 } });
    expect(run?.insertText).toMatch(/^RUN /);
  });

  it('uses the fallback range and label when an item has no text edit', () => {
    const [c] = toMonacoCompletions([{ label: 'alpine', kind: 12 }], { startLineNumber: 1, startColumn: 6, endLineNumber: 1, endColumn: 8 }, enums);
    expect(c).toEqual({ label: 'alpine', kind: 13, insertText: 'alpine', range: { startLineNumber: 1, startColumn: 6, endLineNumber: 1, endColumn: 8 } });
  });

  it('formats a Dockerfile into Monaco edits', () => {
    const edits = toMonacoEdits(service.format('FROM alpine\n   RUN echo hi\n', { tabSize: 4, insertSpaces: true }));
    expect(edits).toEqual([{ range: { startLineNumber: 2, startColumn: 1, endLineNumber: 2, endColumn: 4 }, text: '' }]);
  });
});

describe('hintMarkers', () => {
  it('drops the service errors BuildKit does not share (COPY of two files to ".")', () => {
    const text = 'FROM alpine\nCOPY go.mod go.sum .\n';
    expect(service.validate(text).some((d) => d.severity === 1)).toBe(true);
    expect(hintMarkers(service.validate(text), diagnoseDockerfile(text))).toEqual([]);
  });

  it('keeps a style warning as an informational hint where the engine is silent', () => {
    // all lowercase is consistent, so BuildKit's ConsistentInstructionCasing stays quiet
    const text = 'from alpine\nworkdir /src\n';
    expect(diagnoseDockerfile(text)).toEqual([]);
    expect(hintMarkers(service.validate(text), [])).toEqual([
      { startLineNumber: 1, startColumn: 1, endLineNumber: 1, endColumn: 5, severity: INFO_SEVERITY, message: 'Instructions should be written in uppercase letters', source: 'dockerfile-language-service' },
      { startLineNumber: 2, startColumn: 1, endLineNumber: 2, endColumn: 8, severity: INFO_SEVERITY, message: 'Instructions should be written in uppercase letters', source: 'dockerfile-language-service' },
    ]);
  });

  it('gives no second squiggle on a line the engine already marks', () => {
    // BuildKit's FromAsCasing warns on line 1; the service flags the lowercase `from` there too
    const text = 'from alpine AS base\n';
    const engine = diagnoseDockerfile(text);
    expect(engine.map((d) => d.code)).toContain('FromAsCasing');
    expect(service.validate(text).length).toBeGreaterThan(0);
    expect(hintMarkers(service.validate(text), engine)).toEqual([]);
  });
});
