/**
 * Tests' door to the real OCI tools: `../shared/tools/validate-oci.sh` (skopeo, umoci,
 * oci-image-tool, podman load, and with `runExpect` podman running the image).
 */
import { spawnSync } from 'node:child_process';
import { sharedPath } from './shared.ts';

/**
 * Validates an image archive; with `runExpect`, podman runs it and its output must contain
 * that text. Returns the script's report; throws with it (or says how to install the tools).
 */
export function validateOci(tar: string, runExpect?: string): string {
  const script = sharedPath('tools', 'validate-oci.sh');
  for (const tool of ['skopeo', 'umoci', 'oci-image-tool', 'podman', 'runc', 'jq']) {
    const found = spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
    if (!found) throw new Error(`validator "${tool}" is not installed: run .ci/run (it installs skopeo umoci oci-image-tool podman runc jq)`);
  }
  const env = { ...process.env, ...(runExpect ? { VALIDATE_RUN: '1', VALIDATE_RUN_EXPECT: runExpect } : {}) };
  const r = spawnSync('bash', [script, tar], { encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(`validate-oci.sh ${tar} failed:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}
