/** Which Monaco language a workspace file uses, from its name (Dockerfile, *.Dockerfile, Dockerfile.*, *.go). */
export function languageOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (name === 'Dockerfile' || name.startsWith('Dockerfile.') || name.toLowerCase().endsWith('.dockerfile') || name === 'Containerfile') return 'dockerfile';
  if (name.endsWith('.go')) return 'go';
  return 'plaintext';
}
