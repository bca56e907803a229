import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

/** public/sw.js evaluated with a fake worker global, exposing its top-level functions. */
function loadWorker() {
  const listeners: string[] = [];
  const context: Record<string, unknown> = { URL, self: { addEventListener: (type: string) => listeners.push(type) } };
  runInNewContext(readFileSync(resolve(import.meta.dirname, '../../../../public/sw.js'), 'utf8'), context);
  return {
    listeners,
    assetReferences: context.assetReferences as (text: string, base: string) => string[],
    isHashed: context.isHashed as (url: string) => boolean,
  };
}

describe('sw.js', () => {
  const sw = loadWorker();

  it('listens for install, activate and fetch', () => {
    expect(sw.listeners.sort()).toEqual(['activate', 'fetch', 'install']);
  });

  it('finds the hashed build files an HTML, JS or CSS file names, relative to that file', () => {
    const html = '<script type="module" src="./assets/index-DoBt9iMt.js"></script><link href="./assets/index-CT5Qr5Uo.css"><link href="./favicon.svg">';
    expect(sw.assetReferences(html, 'http://127.0.0.1:5/app/')).toEqual(['http://127.0.0.1:5/app/assets/index-DoBt9iMt.js', 'http://127.0.0.1:5/app/assets/index-CT5Qr5Uo.css']);
    const js = 'const m=["./monaco-DMEKPmOV.js","./shell--RaG13Zk.js"];import(`./docker-runtime-CLY6gsUF.js`);new URL("editor.worker-CX7Cj20z.js",import.meta.url);fetch("https://cdn.example.com/x-ABCDEFGH.js")';
    expect(sw.assetReferences(js, 'http://h/app/assets/index-DoBt9iMt.js')).toEqual([
      'http://h/app/assets/monaco-DMEKPmOV.js',
      'http://h/app/assets/shell--RaG13Zk.js',
      'http://h/app/assets/docker-runtime-CLY6gsUF.js',
      'http://h/app/assets/editor.worker-CX7Cj20z.js',
    ]);
    expect(sw.assetReferences('src:url(./codicon-DF1abBS2.ttf) format("truetype")', 'http://h/assets/monaco-DQYnu9KL.css')).toEqual(['http://h/assets/codicon-DF1abBS2.ttf']);
  });

  it('tells hashed (immutable) files from the rest', () => {
    expect(sw.isHashed('http://h/assets/index-DoBt9iMt.js')).toBe(true);
    expect(sw.isHashed('http://h/index.html')).toBe(false);
    expect(sw.isHashed('http://h/favicon.svg')).toBe(false);
  });
});
