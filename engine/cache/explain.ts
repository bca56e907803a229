/**
 * Why a step that missed the cache ran: its key's inputs (`inputs.ts`) compared with the
 * closest earlier record of the same step, the first difference named. A step whose
 * parent's key changed gets `parent-ran` with `vertex: -1`: the build (which numbers the
 * vertexes) names the step up the chain that ran for a cause of its own.
 */
import type { CacheCause } from '../progress/events.ts';
import { changedFiles, type FileDigests, type MountInputs, type StepInputs } from './inputs.ts';

/** Most paths a cause lists (the rest are counted in `more`). */
export const CAUSE_PATHS = 20;

/** What the cache knows of a step's earlier records. */
export interface StepHistory {
  /** Inputs of earlier records of the step (`StepInputs.step`), most recent first. */
  readonly records: readonly StepInputs[];
  /** The cache holds records kept before inputs were recorded (so "no record" cannot be told). */
  readonly legacy: boolean;
}

/** The reason given when every recorded input matches (an input the record does not keep changed, or the record was pruned). */
export const SAME_INPUTS = "its recorded inputs match the last record of this step: what changed is not among what the cache keeps, or that record's result was pruned";

/** The reason given when inputs cannot be compared. */
export const NO_INPUTS = "the cache has no record of this step's inputs";

/** The earlier record to compare with: the most recent on the same parent, else the most recent. */
export function closestRecord(now: StepInputs, records: readonly StepInputs[]): StepInputs | undefined {
  return records.find((r) => r.parent === now.parent) ?? records[0];
}

/** The cause of a run (not cached) step with inputs `now`. */
export function explainRun(now: StepInputs, history: StepHistory | undefined, noCache: boolean): CacheCause {
  if (noCache) return { kind: 'no-cache' };
  if (history === undefined) return { kind: 'unknown', reason: NO_INPUTS };
  const before = closestRecord(now, history.records);
  if (before === undefined) return history.legacy ? { kind: 'unknown', reason: NO_INPUTS } : { kind: 'first-build' };
  return compare(before, now);
}

function compare(a: StepInputs, b: StepInputs): CacheCause {
  if (b.base && (a.base?.digest !== b.base.digest || a.base.ref !== b.base.ref)) {
    return { kind: 'base-changed', ref: b.base.ref, ...(a.base ? { before: `${a.base.ref}@${a.base.digest}` } : {}), after: `${b.base.ref}@${b.base.digest}` };
  }
  if (a.parent !== b.parent) return { kind: 'parent-ran', vertex: -1, name: '' };
  const arg = firstDiff(a.args, b.args);
  if (arg) return { kind: 'build-arg-changed', name: arg.name, ...optional(arg) };
  if (a.text !== b.text) return { kind: 'instruction-changed', before: a.text, after: b.text };
  const env = firstDiff(a.env, b.env);
  if (env) return { kind: 'instruction-changed', before: envText(env.name, env.before), after: envText(env.name, env.after) };
  const files = filesCause(a, b);
  if (files) return files;
  const mount = mountCause(a.mounts ?? [], b.mounts ?? []);
  if (mount) return mount;
  if (a.settings !== b.settings) return { kind: 'instruction-changed', before: `${a.text} (${a.settings ?? ''})`, after: `${b.text} (${b.settings ?? ''})` };
  return { kind: 'unknown', reason: SAME_INPUTS };
}

function optional(d: { before?: string; after?: string }): { before?: string; after?: string } {
  return { ...(d.before !== undefined ? { before: d.before } : {}), ...(d.after !== undefined ? { after: d.after } : {}) };
}

function envText(name: string, value: string | undefined): string {
  return value === undefined ? `(no ${name})` : `ENV ${name}=${value}`;
}

/** The first name (sorted) whose value differs between two `[name, value]` lists. */
function firstDiff(a: StepInputs['args'], b: StepInputs['args']): { name: string; before?: string; after?: string } | undefined {
  const x = new Map(a ?? []);
  const y = new Map(b ?? []);
  const name = [...new Set([...x.keys(), ...y.keys()])].sort().find((k) => x.get(k) !== y.get(k));
  if (name === undefined) return undefined;
  const before = x.get(name);
  const after = y.get(name);
  return { name, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) };
}

function listed(paths: readonly string[]): { paths: string[]; more?: number } {
  return { paths: paths.slice(0, CAUSE_PATHS), ...(paths.length > CAUSE_PATHS ? { more: paths.length - CAUSE_PATHS } : {}) };
}

function diffSet(a: FileDigests | undefined, b: FileDigests | undefined): { paths: string[]; more?: number } | 'unlisted' | undefined {
  const empty: FileDigests = { paths: [], sum: '' };
  if (a === undefined && b === undefined) return undefined;
  const d = changedFiles(a ?? empty, b ?? empty);
  if (d === undefined) return undefined;
  return d.unlisted ? 'unlisted' : listed(d.paths);
}

function filesCause(a: StepInputs, b: StepInputs): CacheCause | undefined {
  if (b.from && a.from?.key !== b.from.key) {
    // the source stage's result changed: name what this step copies from it
    return { kind: 'files-changed', ...listed((b.files?.paths ?? []).map(([p]) => `${b.from!.ref}:/${p}`)) };
  }
  const d = diffSet(a.files, b.files);
  if (d === 'unlisted') return { kind: 'unknown', reason: `a file it copies changed, past the ${a.files?.paths.length ?? 0} paths the cache keeps per step` };
  return d ? { kind: 'files-changed', ...d } : undefined;
}

function mountCause(a: readonly MountInputs[], b: readonly MountInputs[]): CacheCause | undefined {
  for (const m of b) {
    const old = a.find((x) => x.target === m.target);
    if (old === undefined) continue;
    if (m.from !== old.from) return { kind: 'mount-changed', target: m.target, paths: m.source !== undefined ? [m.source] : [] };
    const d = diffSet(old.files, m.files);
    if (d === 'unlisted') return { kind: 'mount-changed', target: m.target, paths: [] };
    if (d) return { kind: 'mount-changed', target: m.target, ...d };
  }
  if (a.length !== b.length || a.some((m, i) => m.target !== b[i]?.target)) return { kind: 'instruction-changed', before: mountsText(a), after: mountsText(b) };
  return undefined;
}

function mountsText(ms: readonly MountInputs[]): string {
  return ms.map((m) => `--mount=target=${m.target}`).join(' ');
}
