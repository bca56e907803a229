/**
 * The sandbox worker's entry: the engine side of the terminal (builds, image store,
 * caches) off the page's main thread, on the images and caches saved in IndexedDB
 * (`web/src/lib/persist`). Everything else is in `sandbox-api.ts`.
 */
import type { Endpoint } from 'comlink';
import { webDeps } from '../../../engine/platform/web.ts';
import { openBrowserSandboxState } from '../lib/persist/sandbox-state.ts';
import { exposeSandbox } from './sandbox-api.ts';

exposeSandbox(self as unknown as Endpoint, webDeps, (onNotice) => openBrowserSandboxState({ onNotice: (n) => onNotice(n.message) }));
