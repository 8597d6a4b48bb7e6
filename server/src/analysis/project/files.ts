import { type Dirent, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Reads files, preferring the editor's unsaved buffers. Never throws: an unreadable file is absent. */
export interface FileReader {
  read(path: string): string | undefined;
}

export const diskReader: FileReader = {
  read(path) {
    try {
      // One system call for the common case; a missing file or a directory is simply absent.
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
};

const SOURCE_FILE = /\.(c|m)?tsx?$/;
const DECLARATION_FILE = /\.d\.(c|m)?tsx?$/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'out', 'coverage']);

export function isSourceFile(path: string): boolean {
  return SOURCE_FILE.test(path) && !DECLARATION_FILE.test(path) && !path.split(/[\\/]/).includes('node_modules');
}

/** Directories no walk goes into: dependencies, build output, hidden ones (.git, editor test installs). */
export function isSkippedDir(name: string): boolean {
  return SKIPPED_DIRS.has(name) || name.startsWith('.');
}

/** A directory's entries; none if it cannot be read (gone, no permission): a walk goes on without it. */
export function entriesOf(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** Every TypeScript source under a directory (no tsconfig to say otherwise). */
export function listSourceFiles(dir: string, limit = 20_000): string[] {
  const out: string[] = [];
  const walk = (current: string): void => {
    for (const entry of entriesOf(current)) {
      if (out.length >= limit) return;
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        if (!isSkippedDir(entry.name)) walk(path);
      } else if (entry.isFile() && isSourceFile(path)) {
        out.push(path);
      }
    }
  };
  walk(dir);
  return out.sort();
}
