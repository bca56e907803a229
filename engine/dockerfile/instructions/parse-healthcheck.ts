import type { HealthcheckCommand } from './commands.ts';
import { errAtLeastOneArgument, fault } from './errors.ts';
import { formatGoDuration, parseGoDuration } from './duration.ts';
import { handleJSONArgs, type ParseRequest } from './request.ts';

/** Docker's `MinimumDuration` for health-check intervals (1ms). */
export const MINIMUM_DURATION_NS = 1e6;

/** `--interval` etc.: 0 when empty or zero, else ≥ 1ms (`parseOptInterval`). */
function parseOptInterval(name: string, value: string | undefined): number {
  if (value === undefined || value === '') return 0;
  let d: number;
  try {
    d = parseGoDuration(value);
  } catch (e) {
    throw fault('healthcheck-duration', (e as Error).message);
  }
  if (d === 0) return 0;
  if (d < MINIMUM_DURATION_NS) {
    throw fault('healthcheck-duration', `Interval "${name}" cannot be less than ${formatGoDuration(MINIMUM_DURATION_NS)}`);
  }
  return d;
}

/** HEALTHCHECK NONE | HEALTHCHECK [--interval...] CMD command. */
export function parseHealthcheck(req: ParseRequest): HealthcheckCommand {
  if (req.args.length === 0) throw errAtLeastOneArgument('HEALTHCHECK');
  const typ = req.args[0]!.toUpperCase();
  const args = req.args.slice(1);
  const none = { interval: 0, timeout: 0, startPeriod: 0, startInterval: 0, retries: 0 };
  if (typ === 'NONE') {
    // BuildKit does not parse flags for NONE.
    if (args.length !== 0) throw fault('healthcheck-none-args', 'HEALTHCHECK NONE takes no arguments');
    return { kind: 'HEALTHCHECK', ...req.base, health: { test: ['NONE'], ...none } };
  }
  const f = req.flags({
    interval: 'string', timeout: 'string', 'start-period': 'string', 'start-interval': 'string', retries: 'string',
  });
  if (typ !== 'CMD') throw fault('healthcheck-type', `Unknown type "${typ}" in HEALTHCHECK (try CMD)`);
  const cmd = handleJSONArgs(args, req.node.json);
  if (cmd.length === 0) throw fault('healthcheck-missing-cmd', 'Missing command after HEALTHCHECK CMD');
  const test = [req.node.json ? 'CMD' : 'CMD-SHELL', ...cmd];
  const interval = parseOptInterval('interval', f.strings.get('interval'));
  const timeout = parseOptInterval('timeout', f.strings.get('timeout'));
  const startPeriod = parseOptInterval('start-period', f.strings.get('start-period'));
  const startInterval = parseOptInterval('start-interval', f.strings.get('start-interval'));
  let retries = 0;
  const r = f.strings.get('retries');
  if (r !== undefined && r !== '') {
    if (!/^[+-]?[0-9]+$/.test(r)) throw fault('healthcheck-retries', `strconv.ParseInt: parsing "${r}": invalid syntax`);
    retries = Number(r);
    if (retries > 2147483647 || retries < -2147483648) {
      throw fault('healthcheck-retries', `strconv.ParseInt: parsing "${r}": value out of range`);
    }
    if (retries < 0) throw fault('healthcheck-retries', `--retries cannot be negative (${retries})`);
  }
  return { kind: 'HEALTHCHECK', ...req.base, health: { test, interval, timeout, startPeriod, startInterval, retries } };
}
