/**
 * `mount [-t TYPE]` lists `/proc/mounts` as busybox does (`DEV on DIR type TYPE (OPTS)`). A RUN
 * container cannot mount anything (no CAP_SYS_ADMIN): mounting is refused as the kernel does.
 */
import type { Applet } from '../process/proc.ts';
import { getopt, utf8 } from '../process/proc.ts';

export const mount: Applet = (argv, p) => {
  const o = getopt(argv.slice(1), 'arwvfnl', 'to');
  if (o.bad) return (p.err(`mount: ${o.bad}\n`), 1);
  if (o.rest.length > 0) {
    const [src, dir = src] = o.rest.length === 1 ? ['none', o.rest[0]!] : o.rest;
    p.err(`mount: mounting ${src} on ${dir} failed: ${p.user.uid === 0 ? 'Operation not permitted' : 'Permission denied'}\n`);
    return 255;
  }
  let text: string;
  try {
    text = utf8.decode(p.fs.readFile('/proc/mounts'));
  } catch {
    p.err("mount: can't read '/proc/mounts': No such file or directory\n");
    return 1;
  }
  const types = o.values.get('t')?.split(',');
  for (const line of text.split('\n')) {
    const [dev, dir, type, opts] = line.split(' ');
    if (!dev || !dir || !type) continue;
    if (types && !types.includes(type)) continue;
    p.out(`${dev} on ${dir} type ${type} (${opts ?? 'rw'})\n`);
  }
  return 0;
};
