// TypeScript's compiler API (ts-morph's copy), loaded with require(). An ESM import of it would
// first make Node scan the 9 MB CommonJS file for its named exports: a fifth of the analysis'
// start-up, paid by every `messenger check` and language server start.
import tsMorph = require('ts-morph');

export = tsMorph.ts;
