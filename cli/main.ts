#!/usr/bin/env node
/** `npm run cli -- <command>`: stageplay's command line (mirrors `docker`/`docker buildx`). */
import { runCli } from './cli.ts';

// Ctrl+C cancels a running build (its steps end CANCELED); a second Ctrl+C quits at once.
const controller = new AbortController();
process.on('SIGINT', () => {
  if (controller.signal.aborted) process.exit(130);
  controller.abort();
});

const code = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  stdoutBytes: (b) => process.stdout.write(b),
  stderrIsTTY: process.stderr.isTTY === true,
  stdoutIsTTY: process.stdout.isTTY === true,
  columns: process.stderr.columns || 80,
  ...(process.stderr.rows ? { rows: process.stderr.rows } : {}),
  signal: controller.signal,
});
process.exitCode = code;
