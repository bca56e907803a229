/**
 * dockerfile-language-service speaks LSP (0-based lines and characters); Monaco wants
 * 1-based lines and columns and its own enums. These conversions are plain data so they
 * run in Node tests; the enum tables come from Monaco at the call site.
 */
import type { CompletionItem, Diagnostic as LspDiagnostic, Hover, Range as LspRange, TextEdit } from 'vscode-languageserver-types';
import type { Diagnostic } from '../sandbox/diagnostics.ts';

/** A Monaco `IRange`. */
export interface MonacoRange {
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
}

/** LSP range → Monaco range. */
export function toMonacoRange(r: LspRange): MonacoRange {
  return { startLineNumber: r.start.line + 1, startColumn: r.start.character + 1, endLineNumber: r.end.line + 1, endColumn: r.end.character + 1 };
}

/** Monaco position (1-based) → LSP position (0-based). */
export function toLspPosition(lineNumber: number, column: number): { line: number; character: number } {
  return { line: lineNumber - 1, character: column - 1 };
}

/** Hover contents as Markdown strings (Monaco's `IMarkdownString[]` values). */
export function hoverMarkdown(hover: Hover | null): string[] {
  if (!hover) return [];
  const one = (c: unknown): string => {
    if (typeof c === 'string') return c;
    const v = c as { language?: string; value?: string };
    return v.language !== undefined ? '```' + v.language + '\n' + (v.value ?? '') + '\n```' : (v.value ?? '');
  };
  const contents = Array.isArray(hover.contents) ? hover.contents.map(one) : [one(hover.contents)];
  return contents.filter((s) => s.trim() !== '');
}

/** Monaco's `languages.CompletionItemKind` and `CompletionItemInsertTextRule` enums (passed in). */
export interface CompletionEnums {
  kind: Record<string, number | string>;
  insertAsSnippet: number;
}

// LSP CompletionItemKind (1..25) → the name of Monaco's member
const KIND_NAMES = [
  '', 'Text', 'Method', 'Function', 'Constructor', 'Field', 'Variable', 'Class', 'Interface', 'Module', 'Property', 'Unit', 'Value',
  'Enum', 'Keyword', 'Snippet', 'Color', 'File', 'Reference', 'Folder', 'EnumMember', 'Constant', 'Struct', 'Event', 'Operator', 'TypeParameter',
] as const;

/** The fields of Monaco's `CompletionItem` the app fills in. */
export interface MonacoCompletion {
  label: string;
  kind: number;
  insertText: string;
  insertTextRules?: number;
  range: MonacoRange;
  detail?: string;
  documentation?: { value: string };
  sortText?: string;
  filterText?: string;
}

/** LSP completion items → Monaco's; `fallback` is the word range for items without a text edit. */
export function toMonacoCompletions(items: readonly CompletionItem[], fallback: MonacoRange, enums: CompletionEnums): MonacoCompletion[] {
  return items.map((item) => {
    const edit = item.textEdit && 'range' in item.textEdit ? item.textEdit : undefined;
    const kindName = KIND_NAMES[item.kind ?? 1] ?? 'Text';
    const out: MonacoCompletion = {
      label: item.label,
      kind: Number(enums.kind[kindName] ?? enums.kind['Text'] ?? 0),
      insertText: edit?.newText ?? item.insertText ?? item.label,
      range: edit ? toMonacoRange(edit.range) : fallback,
    };
    if (item.insertTextFormat === 2) out.insertTextRules = enums.insertAsSnippet;
    if (item.detail) out.detail = item.detail;
    const doc = item.documentation;
    if (doc) out.documentation = { value: typeof doc === 'string' ? doc : doc.value };
    if (item.sortText) out.sortText = item.sortText;
    if (item.filterText) out.filterText = item.filterText;
    return out;
  });
}

/** LSP text edits → Monaco's `TextEdit` (`{ range, text }`). */
export function toMonacoEdits(edits: readonly TextEdit[]): { range: MonacoRange; text: string }[] {
  return edits.map((e) => ({ range: toMonacoRange(e.range), text: e.newText }));
}

/** Monaco's `MarkerSeverity.Info`. */
export const INFO_SEVERITY = 2;

/** The marker owner of the language service's hints (the engine's markers use `stageplay`). */
export const HINT_OWNER = 'dockerfile-language-service';

/**
 * The language service's findings worth showing beside the engine's: its warnings, as
 * informational hints, on lines where the engine reports nothing. Its errors are dropped:
 * the engine decides what BuildKit rejects (and the service's rules differ, e.g. it rejects
 * `COPY go.mod go.sum .`, which BuildKit accepts), so one problem never gets two squiggles.
 */
export function hintMarkers(found: readonly LspDiagnostic[], engine: readonly Diagnostic[]) {
  const taken = new Set<number>();
  for (const d of engine) for (const r of d.ranges) for (let l = r.start.line; l <= r.end.line; l++) taken.add(l);
  return found
    .filter((d) => d.severity !== undefined && d.severity >= 2)
    .filter((d) => {
      for (let l = d.range.start.line + 1; l <= d.range.end.line + 1; l++) if (taken.has(l)) return false;
      return true;
    })
    .map((d) => ({ ...toMonacoRange(d.range), severity: INFO_SEVERITY, message: d.message, source: 'dockerfile-language-service' }));
}
