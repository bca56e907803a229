/**
 * Entry of the bundled Node stage worker (`node-bundle.ts`): installs the Node host, then
 * loads the stage worker (dynamically, so the host exists before the module reads it).
 */
import { installNodeHost } from './node.ts';

installNodeHost();
await import('./stage.worker.ts');
