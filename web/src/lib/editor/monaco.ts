/**
 * The slice of Monaco the app uses, loaded lazily (it is most of the JavaScript):
 * the editor API, Dockerfile and Go highlighting, hover (markers and the Dockerfile
 * language service's docs), suggest (with snippets), formatting (Shift+Alt+F), go-to-error,
 * find, and Tab focus mode (Ctrl+M) for keyboard users. `dockerfile-language.ts` adds the
 * Dockerfile providers.
 */
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/languages/definitions/dockerfile/register';
import 'monaco-editor/languages/definitions/go/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/suggest/register';
import 'monaco-editor/features/snippet/register';
import 'monaco-editor/features/format/register';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/toggleTabFocusMode/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/bracketMatching/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };

export { monaco };
