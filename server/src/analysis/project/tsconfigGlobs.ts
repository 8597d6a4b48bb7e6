import { isAbsolute, join, posix, sep } from 'node:path';
import picomatch from 'picomatch';
import { entriesOf } from './files.js';

/**
 * tsconfig's `include` and `exclude`, matched as TypeScript matches them, with picomatch: one
 * matcher lists the project's files and decides whether a new, unsaved buffer belongs to it,
 * so both always agree.
 */

/** One directory scan TypeScript asks for while it reads a tsconfig (`ParseConfigHost.readDirectory`). */
export interface DirectoryScan {
  readonly root: string;
  readonly extensions: readonly string[];
  readonly excludes: readonly string[] | undefined;
  readonly includes: readonly string[];
}

// Never reached by a wildcard, as in TypeScript (an include may still name them).
const IMPLICITLY_EXCLUDED = new Set(['node_modules', 'bower_components', 'jspm_packages']);

const toPosix = (path: string): string => path.split(sep).join('/');

/** A spec as an absolute glob: a last component without `.`, `*` or `?` is a directory, meaning every file below it. */
function specGlob(root: string, spec: string): string {
  const absolute = toPosix(isAbsolute(spec) ? spec : join(root, spec)).replace(/\/+$/, '');
  const last = absolute.slice(absolute.lastIndexOf('/') + 1);
  return /[.*?]/.test(last) ? absolute : `${absolute}/**/*`;
}

/** The directory a spec's walk starts from: its components before the first wildcard. */
function baseDir(root: string, spec: string): string {
  const parts = specGlob(root, spec).split('/');
  const firstWild = parts.findIndex((part) => /[*?[{]/.test(part));
  return parts.slice(0, firstWild === -1 ? parts.length - 1 : firstWild).join('/') || '/';
}

/** Does the scan take this file (an absolute path)? */
export function scanMatcher(scan: DirectoryScan): (path: string) => boolean {
  const included = picomatch(
    scan.includes.map((spec) => specGlob(scan.root, spec)),
    { dot: false },
  );
  // An excluded directory excludes everything below it.
  const excluded = picomatch(
    (scan.excludes ?? []).flatMap((spec) => {
      const glob = toPosix(isAbsolute(spec) ? spec : join(scan.root, spec)).replace(/\/+$/, '');
      return [glob, `${glob}/**`];
    }),
    { dot: true },
  );
  return (path) => {
    const file = toPosix(path);
    return (
      scan.extensions.some((ext) => file.endsWith(ext)) &&
      !file.split('/').some((part) => IMPLICITLY_EXCLUDED.has(part)) &&
      included(file) &&
      !excluded(file)
    );
  };
}

/** The files a scan finds on disk, sorted: the walk starts at each include's base directory. */
export function listScan(scan: DirectoryScan): string[] {
  const matches = scanMatcher(scan);
  const found = new Set<string>();
  const stack = [...new Set(scan.includes.map((spec) => baseDir(scan.root, spec)))];
  const visited = new Set<string>();
  while (stack.length > 0) {
    const dir = stack.pop()!;
    if (visited.has(dir)) continue;
    visited.add(dir);
    for (const entry of entriesOf(dir)) {
      const path = posix.join(dir, entry.name);
      if (entry.isDirectory()) {
        // Wildcards never reach hidden directories: not worth walking.
        if (!entry.name.startsWith('.') && !IMPLICITLY_EXCLUDED.has(entry.name)) stack.push(path);
      } else if (entry.isFile() && matches(path)) found.add(path.split('/').join(sep));
    }
  }
  return [...found].sort();
}
