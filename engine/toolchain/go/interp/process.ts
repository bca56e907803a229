/**
 * One running program's view of its process: argv, environment, output, clock, network,
 * the signal that stops it, and how it ends. Shared by the interpreter and the library.
 */
import type { SimNetwork } from '../../net.ts';
import type { ExecContext } from '../../types.ts';
import { hash32, mulberry32 } from '../../../util/prng.ts';
import type { Wait } from './values.ts';

/** What the process is given. */
export interface ProcessOptions {
  readonly argv: readonly string[];
  readonly env: ReadonlyMap<string, string>;
  stdout(s: string): void;
  stderr(s: string): void;
  /** Seconds since the epoch at start (the terminal's clock); absent: SOURCE_DATE_EPOCH or 0. */
  readonly now?: number;
  readonly net?: SimNetwork;
  readonly signal?: AbortSignal;
  /**
   * At build time: run until the program first waits (a server's `ListenAndServe`, a
   * client's request), to learn the lines it prints on its own; nothing reaches a network.
   */
  readonly dry?: boolean;
}

/** The process a simulated program gets from the sandbox process that runs it (`argv` as it is started). */
export function processOptions(ctx: ExecContext, argv: readonly string[]): ProcessOptions {
  return {
    argv,
    env: ctx.env,
    stdout: (s) => ctx.stdout(s),
    stderr: (s) => ctx.stderr(s),
    ...(ctx.now !== undefined ? { now: ctx.now } : {}),
    ...(ctx.net ? { net: ctx.net } : {}),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  };
}

/** Processes started so far: part of each one's seed, so two runs draw different UUIDs. */
let started = 0;

/** A process of the simulated Go. */
export class GoProcess {
  /** Set when the process has ended (`os.Exit` in a handler, a fatal error while serving). */
  ended?: number;
  private readonly endListeners: (() => void)[] = [];
  /** The process's pseudo-random source (uuid). */
  readonly random: () => number;

  constructor(readonly opts: ProcessOptions) {
    this.random = mulberry32(hash32(`${opts.argv.join('\0')}|${opts.now ?? ''}|${opts.dry ? 0 : ++started}`));
  }

  get argv(): readonly string[] {
    return this.opts.argv;
  }

  stdout(s: string): void {
    this.opts.stdout(s);
  }

  stderr(s: string): void {
    this.opts.stderr(s);
  }

  /** The clock, in seconds: the process's `now`, else SOURCE_DATE_EPOCH, else 0 (1970-01-01). */
  seconds(): number {
    if (this.opts.now !== undefined) return Math.floor(this.opts.now);
    const epoch = Number(this.opts.env.get('SOURCE_DATE_EPOCH'));
    return Number.isFinite(epoch) && this.opts.env.has('SOURCE_DATE_EPOCH') ? epoch : 0;
  }

  /** Ends the process with `code` (what a blocked `ListenAndServe` then returns to its caller as an exit). */
  end(code: number): void {
    if (this.ended !== undefined) return;
    this.ended = code;
    for (const l of this.endListeners.splice(0)) l();
  }

  /** Resolves when the signal aborts or the process ends; what `ListenAndServe` waits for. */
  stopped(): Wait {
    const signal = this.opts.signal;
    return {
      promise: new Promise<void>((resolve) => {
        if (signal?.aborted || this.ended !== undefined) return resolve();
        signal?.addEventListener('abort', () => resolve(), { once: true });
        this.endListeners.push(resolve);
      }),
    };
  }

  /** A wait that never ends: at build time, where the program first waits. */
  static readonly forever: Wait = { promise: new Promise<never>(() => undefined) };

  /**
   * The exit status of a process killed by its signal: 128 + the signal's number. The
   * abort's reason names the signal (`'SIGTERM'`, as `docker stop` sends; `'SIGKILL'`);
   * any other reason is Ctrl+C's SIGINT.
   */
  killedStatus(): number {
    const reason = this.opts.signal?.reason as unknown;
    const text = typeof reason === 'string' ? reason : reason instanceof Error ? `${reason.name} ${reason.message}` : String((reason as { signal?: unknown })?.signal ?? '');
    if (text.includes('SIGTERM')) return 143;
    if (text.includes('SIGKILL')) return 137;
    return 130;
  }
}
