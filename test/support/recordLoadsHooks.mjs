// Module hooks of recordLoads.mjs (they run on Node's loader thread): each resolved URL, one per line.
import { appendFileSync } from 'node:fs';

let record;

export function initialize(data) {
  record = data.record;
}

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(record, `${resolved.url}\n`);
  return resolved;
}
