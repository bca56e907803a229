import type { AddCommand, CopyCommand, InlineFile, SourcesAndDest } from './commands.ts';
import { errNoDestinationArgument, fault } from './errors.ts';
import { heredocWordName, inlineFiles, type ParseRequest } from './request.ts';

/** Split COPY/ADD words into sources (paths and heredocs) and destination. */
function parseSourcesAndDest(req: ParseRequest, cmd: 'COPY' | 'ADD'): SourcesAndDest {
  const srcs = req.args.slice(0, -1);
  const dest = req.args[req.args.length - 1]!;
  if (heredocWordName(dest) !== undefined) {
    throw fault('copy-heredoc-dest', `${cmd} cannot accept a heredoc as a destination`);
  }
  const files = new Map(inlineFiles(req.node).map((f) => [f.name, f]));
  const sourcePaths: string[] = [];
  const sourceContents: InlineFile[] = [];
  for (const src of srcs) {
    const name = heredocWordName(src);
    const file = name === undefined ? undefined : files.get(name);
    if (file) sourceContents.push(file);
    else sourcePaths.push(src);
  }
  return { sourcePaths, sourceContents, destPath: dest };
}

/** COPY [--from] [--chown] [--chmod] [--link] [--parents] [--exclude]... src... dest */
export function parseCopy(req: ParseRequest): CopyCommand {
  if (req.args.length < 2) throw errNoDestinationArgument('COPY');
  const f = req.flags({ chown: 'string', from: 'string', chmod: 'string', link: 'bool', parents: 'bool', exclude: 'strings' });
  const sd = parseSourcesAndDest(req, 'COPY');
  const from = f.strings.get('from');
  const chown = f.strings.get('chown');
  const chmod = f.strings.get('chmod');
  return {
    kind: 'COPY',
    ...req.base,
    ...sd,
    ...(from ? { from } : {}),
    ...(chown ? { chown } : {}),
    ...(chmod ? { chmod } : {}),
    link: f.bools.get('link') ?? false,
    parents: f.bools.get('parents') ?? false,
    exclude: f.lists.get('exclude') ?? [],
  };
}

/** ADD [--chown] [--chmod] [--link] [--keep-git-dir] [--checksum] [--unpack] [--exclude]... src... dest */
export function parseAdd(req: ParseRequest): AddCommand {
  if (req.args.length < 2) throw errNoDestinationArgument('ADD');
  const f = req.flags({
    chown: 'string', chmod: 'string', link: 'bool', 'keep-git-dir': 'bool', checksum: 'string', unpack: 'bool', exclude: 'strings',
  });
  const sd = parseSourcesAndDest(req, 'ADD');
  const chown = f.strings.get('chown');
  const chmod = f.strings.get('chmod');
  const checksum = f.strings.get('checksum');
  const unpack = f.bools.get('unpack');
  return {
    kind: 'ADD',
    ...req.base,
    ...sd,
    ...(chown ? { chown } : {}),
    ...(chmod ? { chmod } : {}),
    link: f.bools.get('link') ?? false,
    keepGitDir: f.bools.get('keep-git-dir') ?? false,
    ...(checksum ? { checksum } : {}),
    ...(unpack !== undefined ? { unpack } : {}),
    exclude: f.lists.get('exclude') ?? [],
  };
}
