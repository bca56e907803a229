// Writes zenfs-workspace.json: the raw IndexedDB records of a workspace the app stored
// through ZenFS before the store moved to plain IndexedDB, for the migration test
// (legacy-zenfs.test.ts). It was made once, at the commit that added it, with
//
//   npx tsx web/src/lib/workspace/testdata/make-zenfs-fixture.mjs
//
// while that commit still had @zenfs/core 2.7.6 and @zenfs/dom 1.2.14 installed and
// store.ts's FsFileStore/openBrowserStore (ZenFS's IndexedDB backend mounted at
// /stageplay, database and object store `stageplay-workspace`). To make it again, check out
// that commit and run the same command; later commits have neither ZenFS nor FsFileStore.
//
// The workspace goes through the same calls the app made: the seed (replaceAll), edits,
// a UTF-8 file, an empty file, a binary file, a file overwritten by a shorter text, a
// rename into a new directory, a removal (which prunes its empty directory), then the
// object store's every record is dumped (key: ZenFS's record number, value: base64 bytes).
import 'fake-indexeddb/auto';
import { writeFileSync } from 'node:fs';
import { openBrowserStore } from '../store.ts';

const store = await openBrowserStore();
await store.replaceAll(
  new Map([
    ['Dockerfile', 'FROM golang:1.21-alpine AS base\nWORKDIR /src\n'],
    ['go.mod', 'module example.com/buildme\n\ngo 1.21\n'],
    ['cmd/client/main.go', 'package main\n'],
    ['cmd/server/main.go', 'package main\n'],
    ['old/gone.txt', 'removed below\n'],
  ]),
);
await store.write('cmd/client/main.go', 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("héllo, wörld: 世界 🐳")\n}\n');
await store.write('notes/empty.txt', '');
await store.write('internal/deep/nested/dir/file.txt', 'deep\n');
await store.write('go.mod', 'a much longer text than what replaces it below, so the record shrinks\n');
await store.write('go.mod', 'module x\n');
const binary = new Uint8Array(300);
for (let i = 0; i < binary.length; i++) binary[i] = (i * 37 + 11) & 0xff;
binary.set([0x7f, 0x45, 0x4c, 0x46, 0x00, 0xff]);
await store.writeBytes('bin/server', binary);
await store.rename('cmd/server/main.go', 'cmd/api/main.go');
await store.remove('old/gone.txt');
await store.flush();

const expected = { text: Object.fromEntries(await store.load()), binary: Object.fromEntries([...(await store.loadBinaries())].map(([p, b]) => [p, Buffer.from(b).toString('base64')])) };

const db = await new Promise((resolve, reject) => {
  const req = indexedDB.open('stageplay-workspace');
  req.onsuccess = () => resolve(req.result);
  req.onerror = () => reject(req.error);
});
const tx = db.transaction('stageplay-workspace', 'readonly');
const os = tx.objectStore('stageplay-workspace');
const all = (req) => new Promise((resolve, reject) => ((req.onsuccess = () => resolve(req.result)), (req.onerror = () => reject(req.error))));
const [keys, values] = await Promise.all([all(os.getAllKeys()), all(os.getAll())]);
const records = keys.map((key, i) => {
  const v = values[i];
  const bytes = v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  return { key, value: Buffer.from(bytes).toString('base64') };
});
db.close();

const out = {
  about: 'Raw records of the ZenFS (@zenfs/core 2.7.6, @zenfs/dom 1.2.14) IndexedDB database of a stageplay workspace; made by make-zenfs-fixture.mjs',
  database: 'stageplay-workspace',
  objectStore: 'stageplay-workspace',
  version: db.version,
  records,
  files: expected,
};
writeFileSync(new URL('./zenfs-workspace.json', import.meta.url), JSON.stringify(out, null, 1) + '\n');
console.log(`${records.length} records; text: ${Object.keys(expected.text).join(', ')}; binary: ${Object.keys(expected.binary).join(', ')}`);
