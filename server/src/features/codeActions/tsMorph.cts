// ts-morph's code-manipulation API, for the fixes that write TypeScript. Required on first use
// (when a fix is resolved), not when the server starts: the analysis reads code with the plain
// parser, and most sessions never apply a fix.
type TsMorph = typeof import('ts-morph');

let loaded: TsMorph | undefined;

export function tsMorph(): TsMorph {
  loaded ??= require('ts-morph') as TsMorph;
  return loaded;
}
