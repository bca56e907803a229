// comlink ships the node adapter's types next to the .mjs without a package export map entry.
declare module 'comlink/dist/esm/node-adapter.mjs' {
  export { default } from 'comlink/dist/esm/node-adapter';
}
