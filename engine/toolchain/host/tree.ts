/**
 * `tree [-a] [DIR...]`: the directory tree as tree(1) draws it (├── └── │), hidden names
 * only with `-a`, then `N directories, M files`. The sandbox terminal's own program.
 */
import { resolvePath } from '../process/path.ts';
import type { ExecContext, ExecResult, Toolchain } from '../types.ts';

export const treeProgram: Toolchain = {
  name: 'tree',
  run(argv: readonly string[], ctx: ExecContext): Promise<ExecResult> {
    let all = false;
    const roots: string[] = [];
    for (const a of argv.slice(1)) {
      if (a === '-a') all = true;
      else if (a.startsWith('-')) {
        ctx.stderr(`tree: Invalid argument -\`${a.slice(1)}'.\nusage: tree [-a] [directory ...]\n`);
        return Promise.resolve({ exitCode: 2, modeledMs: 1 });
      } else roots.push(a);
    }
    if (roots.length === 0) roots.push('.');
    let dirs = 0;
    let files = 0;
    let out = '';
    const walk = (abs: string, prefix: string) => {
      const names = ctx.fs.readdir(abs).filter((n) => all || !n.startsWith('.'));
      names.forEach((name, i) => {
        const last = i === names.length - 1;
        const p = `${abs === '/' ? '' : abs}/${name}`;
        const st = ctx.fs.lstat(p);
        const shown = st?.type === 'symlink' ? `${name} -> ${ctx.fs.readlink(p)}` : name;
        out += `${prefix}${last ? '└── ' : '├── '}${shown}\n`;
        if (st?.type === 'dir') {
          dirs++;
          walk(p, prefix + (last ? '    ' : '│   '));
        } else files++;
      });
    };
    let code = 0;
    for (const r of roots) {
      const abs = resolvePath(ctx.cwd, r);
      if (ctx.fs.stat(abs)?.type !== 'dir') {
        out += `${r}  [error opening dir]\n`;
        code = 2;
        continue;
      }
      out += `${r}\n`;
      walk(abs, '');
    }
    out += `\n${dirs} ${dirs === 1 ? 'directory' : 'directories'}, ${files} ${files === 1 ? 'file' : 'files'}\n`;
    ctx.stdout(out);
    return Promise.resolve({ exitCode: code, modeledMs: 1 });
  },
};
