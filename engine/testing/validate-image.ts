/**
 * Tests' door to the real container tools: the project's `tools/validate-image.sh` (skopeo,
 * umoci, oci-image-tool, podman load, and with `expect` podman running the image).
 */
import { execFile, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './shared.ts';

/** The validator script; `tools/validate-image.sh --help` says what it checks. */
export const VALIDATE_IMAGE = join(REPO_ROOT, 'tools', 'validate-image.sh');

const TOOLS = ['skopeo', 'umoci', 'oci-image-tool', 'podman', 'runc', 'jq'];

function requireTools(): void {
  for (const tool of TOOLS) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
      throw new Error(`validator "${tool}" is not installed: apt-get install -y ${TOOLS.join(' ')} (.ci/run does it)`);
    }
  }
}

function args(tar: string, expect: string | undefined): string[] {
  return [VALIDATE_IMAGE, ...(expect !== undefined ? ['--expect', expect] : []), tar];
}

/**
 * Validates an image archive; with `expect`, podman also runs it and its output must contain
 * that text. Returns the script's report; throws with it when a check fails. Missing tools
 * are a failure, not a skip.
 */
export function validateImage(tar: string, expect?: string): string {
  requireTools();
  const r = spawnSync('bash', args(tar, expect), { encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) throw new Error(`validate-image.sh ${tar} failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** `validateImage` without blocking the thread, so several archives are checked at once. */
export async function validateImageAsync(tar: string, expect?: string): Promise<string> {
  requireTools();
  try {
    return (await promisify(execFile)('bash', args(tar, expect), { encoding: 'utf8', timeout: 600_000 })).stdout;
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    throw new Error(`validate-image.sh ${tar} failed (exit ${err.code}):\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
}

/** The report's last line when every check passed. */
export const ALL_PASSED = /^validate-image: all \d+ checks passed: /m;
