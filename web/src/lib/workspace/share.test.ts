import { deflateSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { planImport } from './import-plan.ts';
import { seedFiles } from './seed.ts';
import { decodeShare, encodeShare, fromBase64Url, sharePayload, toBase64Url } from './share.ts';

const link = (value: unknown) => toBase64Url(deflateSync(strToU8(JSON.stringify(value))));

describe('share links', () => {
  it('round-trips the lesson project through a compact fragment', () => {
    const files = seedFiles();
    const payload = encodeShare(files);
    expect(payload).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(payload.length).toBeLessThan(JSON.stringify([...files]).length);
    const plan = planImport(new Map(), decodeShare(payload).files, { mode: 'replace' });
    expect(plan.files).toEqual(files);
    expect(decodeShare(payload).lesson).toBeUndefined();
  });

  it('carries the lesson step the sharer is on; anything but a step link is dropped', () => {
    const files = new Map([['Dockerfile', 'FROM scratch\n']]);
    expect(decodeShare(encodeShare(files, '03-multi-stage/targets')).lesson).toBe('03-multi-stage/targets');
    expect(decodeShare(encodeShare(files, '../../x')).lesson).toBeUndefined();
    for (const lesson of ['javascript:alert(1)', '03-multi-stage/targets/x', 'A/B', 42, 'a'.repeat(70) + '/b']) {
      expect(decodeShare(link({ v: 1, files: [['Dockerfile', 'x']], lesson })).lesson, String(lesson)).toBeUndefined();
    }
  });

  it('finds the payload in a URL fragment', () => {
    expect(sharePayload('#share=abc')).toBe('abc');
    expect(sharePayload('share=abc')).toBe('abc');
    expect(sharePayload('#other=abc')).toBeNull();
    expect(sharePayload('')).toBeNull();
  });

  it('encodes base64url both ways', () => {
    const bytes = new Uint8Array([0, 250, 251, 252, 253, 254, 255]);
    expect(toBase64Url(bytes)).toBe('APr7_P3-_w');
    expect(fromBase64Url('APr7_P3-_w')).toEqual(bytes);
  });

  it.each([
    ['not base64', 'a+b/c', 'it is not base64url text'],
    ['truncated', () => encodeShare(new Map([['a', 'x'.repeat(200) + Math.random()]])).slice(0, 12), 'the share link is damaged'],
    ['not JSON', () => toBase64Url(deflateSync(strToU8('{nope'))), 'its contents are not readable'],
    ['wrong version', () => link({ v: 2, files: [] }), 'not a stageplay workspace'],
    ['empty', () => link({ v: 1, files: [] }), 'holds no files'],
    ['malformed entry', () => link({ v: 1, files: [['a', 1]] }), 'a file entry is malformed'],
  ])('refuses a %s link with a clear message', (_what, payload, message) => {
    const p = typeof payload === 'function' ? payload() : payload;
    expect(() => decodeShare(p)).toThrow(message);
  });

  it('stops inflating a link that unpacks past the limit', () => {
    const bomb = link({ v: 1, files: [['a', 'x'.repeat(3 << 20)]] });
    expect(bomb.length).toBeLessThan(10_000);
    expect(() => decodeShare(bomb, { maxFiles: 10, maxFileBytes: 1 << 20, maxTotalBytes: 1 << 20 })).toThrow('unpacks to more than 1.1 MB');
  });

  it('refuses an overlong link before decoding it', () => {
    expect(() => decodeShare('A'.repeat((1 << 20) + 4))).toThrow('the share link is too long');
  });

  it('leaves path confinement to planImport, like an upload', () => {
    const { files } = decodeShare(link({ v: 1, files: [['/etc/passwd', 'x']] }));
    expect(() => planImport(new Map(), files, { mode: 'replace' })).toThrow('absolute paths are not allowed');
  });
});
