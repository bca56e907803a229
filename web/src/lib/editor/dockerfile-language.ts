/**
 * dockerfile-language-service in Monaco: hover docs, completion, document and selection
 * formatting, and its style hints (see `hintMarkers`) beside the engine's markers.
 * Loaded with Monaco (lazily); runs on the main thread, each call is a fast parse of one file.
 */
import './buffer-global.ts';
import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import type { Diagnostic } from '../sandbox/diagnostics.ts';
import type { monaco as Monaco } from './monaco.ts';
import { HINT_OWNER, hintMarkers, hoverMarkdown, toLspPosition, toMonacoCompletions, toMonacoEdits, type MonacoRange } from './lsp.ts';

type M = typeof Monaco;

/** The registered providers, and how to refresh the hint markers of a model. */
export interface DockerfileLanguage {
  /** Recompute the service's hints for `model`, skipping lines the engine's `engine` findings cover. */
  updateHints(model: Monaco.editor.ITextModel, engine: readonly Diagnostic[]): void;
  dispose(): void;
}

/** Register the Dockerfile language service's providers with `monaco`. */
export function registerDockerfileLanguage(monaco: M): DockerfileLanguage {
  const service = DockerfileLanguageServiceFactory.createLanguageService();
  service.setCapabilities({
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown'], deprecatedSupport: true } },
    hover: { contentFormat: ['markdown'] },
  });
  const id = 'dockerfile';
  const wordRange = (model: Monaco.editor.ITextModel, position: Monaco.Position): MonacoRange => {
    const w = model.getWordUntilPosition(position);
    return { startLineNumber: position.lineNumber, startColumn: w.startColumn, endLineNumber: position.lineNumber, endColumn: w.endColumn };
  };
  const formatting = (options: Monaco.languages.FormattingOptions) => ({ tabSize: options.tabSize, insertSpaces: options.insertSpaces, ignoreMultilineInstructions: true });

  const disposables = [
    monaco.languages.registerHoverProvider(id, {
      provideHover(model, position) {
        const hover = service.computeHover(model.getValue(), toLspPosition(position.lineNumber, position.column));
        const contents = hoverMarkdown(hover);
        if (contents.length === 0) return null;
        const result: Monaco.languages.Hover = { contents: contents.map((value) => ({ value })) };
        if (hover?.range) result.range = { startLineNumber: hover.range.start.line + 1, startColumn: hover.range.start.character + 1, endLineNumber: hover.range.end.line + 1, endColumn: hover.range.end.character + 1 };
        return result;
      },
    }),
    monaco.languages.registerCompletionItemProvider(id, {
      triggerCharacters: [' ', '-', '=', '$', '{', ':'],
      async provideCompletionItems(model, position) {
        const items = await service.computeCompletionItems(model.getValue(), toLspPosition(position.lineNumber, position.column));
        const kind = monaco.languages.CompletionItemKind as unknown as Record<string, number>;
        const insertAsSnippet = monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet;
        return { suggestions: toMonacoCompletions(items, wordRange(model, position), { kind, insertAsSnippet }) };
      },
    }),
    monaco.languages.registerDocumentFormattingEditProvider(id, {
      provideDocumentFormattingEdits(model, options) {
        return toMonacoEdits(service.format(model.getValue(), formatting(options)));
      },
    }),
    monaco.languages.registerDocumentRangeFormattingEditProvider(id, {
      provideDocumentRangeFormattingEdits(model, range, options) {
        const lsp = { start: toLspPosition(range.startLineNumber, range.startColumn), end: toLspPosition(range.endLineNumber, range.endColumn) };
        return toMonacoEdits(service.formatRange(model.getValue(), lsp, formatting(options)));
      },
    }),
  ];

  return {
    updateHints(model, engine) {
      const markers = model.getLanguageId() === id ? hintMarkers(service.validate(model.getValue()), engine) : [];
      monaco.editor.setModelMarkers(model, HINT_OWNER, markers);
    },
    dispose() {
      for (const d of disposables) d.dispose();
    },
  };
}
