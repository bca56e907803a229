#!/usr/bin/env node
/** `npm run cli -- <command>`: stageplay's command line (mirrors `docker`/`docker buildx`). */
import { runCli } from './cli.ts';

const code = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
});
process.exitCode = code;
