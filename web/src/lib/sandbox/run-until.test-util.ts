import type { SandboxClient } from './SandboxClient.svelte.ts';

/**
 * Runs `command`, calling `act` once as soon as stderr (where build progress goes) shows
 * `line`: an interrupt or a killed worker at a known step. Returns the exit code and stderr.
 */
export async function runUntil(client: SandboxClient, command: string, line: string, act: () => void): Promise<{ exitCode: number; err: string }> {
  let err = '';
  let acted = false;
  const r = await client.run(command, {
    stdout: () => {},
    stderr: (t) => {
      err += t;
      if (!acted && t.includes(line)) {
        acted = true;
        act();
      }
    },
  });
  return { exitCode: r.exitCode, err };
}
