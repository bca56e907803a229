/** What a CLI command may touch: injected so tests run commands in-process. */
export interface CliIO {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Binary output on stdout (`save` without `-o`); absent = not supported. */
  stdoutBytes?(bytes: Uint8Array): void;
  /** Whether stderr is an interactive terminal (`--progress=auto` picks `tty`). */
  readonly stderrIsTTY?: boolean;
  /** Whether stdout is a terminal (`save` refuses to write an archive to it). */
  readonly stdoutIsTTY?: boolean;
  /** Terminal width in columns for the tty progress view (default 80). */
  readonly columns?: number;
  /** Terminal height in rows: live tty frames fit it, as buildx's do (default: unbounded). */
  readonly rows?: number;
  /** The wall clock, ms (ages in `images`/`history`); injectable for tests. */
  now?(): number;
  /** Aborted on Ctrl+C: a running build cancels and prints its CANCELED steps. */
  readonly signal?: AbortSignal;
}
