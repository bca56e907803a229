/**
 * Workspace files as the terminal's shell and the page see them: text, or bytes (a built
 * binary, an archive). Small on purpose: the page's first chunk uses it.
 */

/** A workspace file: text, or bytes. */
export type WorkspaceContent = string | Uint8Array;

const fatal = new TextDecoder('utf-8', { fatal: true });

/** True for an ELF image (`\x7fELF`). */
function isElf(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46;
}

/** The mode a workspace file gets in the shell and the build context (the workspace keeps no modes): ELF binaries are executable. */
export function workspaceMode(content: WorkspaceContent): number {
  return typeof content !== 'string' && isElf(content) ? 0o755 : 0o644;
}

/** Text when the bytes are UTF-8 without NUL; the bytes otherwise. */
export function asWorkspaceContent(bytes: Uint8Array): WorkspaceContent {
  if (bytes.includes(0)) return bytes;
  try {
    return fatal.decode(bytes);
  } catch {
    return bytes;
  }
}
