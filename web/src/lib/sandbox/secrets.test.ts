import { describe, expect, it } from 'vitest';
import { SecretSpecError, workspaceSecrets } from './secrets.ts';

const files = new Map([
  ['secrets/token.txt', 's3cr3t'],
  ['id', 'bare'],
]);
const dec = (b: Uint8Array | undefined) => new TextDecoder().decode(b);

describe('workspaceSecrets', () => {
  it('reads src= from the workspace (relative to its root) and a bare id as a file', () => {
    const s = workspaceSecrets(['id=tok,src=secrets/token.txt', 'id=other,source=./secrets/../secrets/token.txt', 'id=id'], files);
    expect(dec(s.tok)).toBe('s3cr3t');
    expect(dec(s.other)).toBe('s3cr3t');
    expect(dec(s.id)).toBe('bare');
    expect(dec(workspaceSecrets(['src=secrets/token.txt'], files)['secrets/token.txt'])).toBe('s3cr3t');
  });

  it('fails as buildx does: a missing file, an unset variable (the page has none), bad fields', () => {
    expect(() => workspaceSecrets(['id=x,src=nope.txt'], files)).toThrow(new SecretSpecError('failed to stat nope.txt: stat nope.txt: no such file or directory'));
    expect(() => workspaceSecrets(['id=x,src=../../etc/passwd'], files)).toThrow('failed to stat ../../etc/passwd');
    expect(() => workspaceSecrets(['id=x,env=TOKEN'], files)).toThrow('secret x: environment variable TOKEN is not set');
    expect(() => workspaceSecrets(['type=file'], files)).toThrow('invalid secret type=file: an id is required');
    expect(() => workspaceSecrets(['type=env,id=x'], files)).toThrow('failed to stat x: stat x: no such file or directory');
    expect(() => workspaceSecrets(['id=x,foo=1'], files)).toThrow("unexpected key 'foo' in 'foo=1'");
    expect(() => workspaceSecrets(['type=ssh,id=x'], files)).toThrow('unsupported secret type "ssh"');
    expect(dec(workspaceSecrets(['id=x,env=T'], files, { T: 'v' }).x)).toBe('v');
  });
});
