// What `byo-engine` and `byo-engine/fetch` export, as one module: start.ts bundles it (with this repository's
// sources) to .byo/byo-engine.mjs, which next.config.mjs puts in place of both subpaths.
export * from 'byo-engine';
export * from 'byo-engine/fetch';
