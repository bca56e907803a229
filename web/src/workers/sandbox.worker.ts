/**
 * The sandbox worker's entry: the engine side of the terminal (builds, image store,
 * caches) off the page's main thread. Everything is in `sandbox-api.ts`.
 */
import type { Endpoint } from 'comlink';
import { webDeps } from '../../../engine/platform/web.ts';
import { exposeSandbox } from './sandbox-api.ts';

exposeSandbox(self as unknown as Endpoint, webDeps);
