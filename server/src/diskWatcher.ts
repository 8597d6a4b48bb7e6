import { basename, relative, sep } from 'node:path';
import { watch } from 'chokidar';
import { isSkippedDir } from './analysis/project/files.js';

export interface DiskChange {
  readonly path: string;
  /** Appeared or disappeared (the file lists change), rather than edited. */
  readonly created: boolean;
}

export interface DiskWatcher {
  close(): Promise<void>;
}

/** The files the analysis reads (as watchers.ts asks of a client's watcher). */
function isWatchedFile(path: string): boolean {
  const name = basename(path);
  return (
    /\.(ts|tsx|mts|cts|ya?ml)$/.test(name) ||
    name.startsWith('.env') ||
    name === 'package.json' ||
    /^tsconfig.*\.json$/.test(name)
  );
}

/**
 * Watches the workspace folders on disk, for a client that has no file watcher to lend (Neovim,
 * most terminal editors): a file saved by another tool, a `git checkout`, a generated file are
 * analysed and their diagnostics published, open in the editor or not. Dependencies, build
 * output and hidden directories are not watched.
 */
export function watchDisk(
  roots: readonly string[],
  onChange: (change: DiskChange) => void,
  onReady: () => void = () => {},
): DiskWatcher {
  const watcher = watch([...roots], {
    ignoreInitial: true,
    ignored: (path, stats) => {
      const root = roots.find((r) => path === r || path.startsWith(r + sep));
      if (root === undefined || path === root) return false;
      const segments = relative(root, path).split(sep);
      if (segments.slice(0, -1).some(isSkippedDir)) return true;
      // The last segment: a skipped directory, or a file the analysis does not read (`.env` is hidden but read).
      if (isWatchedFile(path)) return false;
      return isSkippedDir(segments.at(-1)!) || stats?.isFile() === true;
    },
  });
  watcher.on('add', (path) => onChange({ path, created: true }));
  watcher.on('unlink', (path) => onChange({ path, created: true }));
  watcher.on('change', (path) => onChange({ path, created: false }));
  // A folder that cannot be watched (permissions, too many files) must not end the session.
  watcher.on('error', () => {});
  watcher.on('ready', onReady);
  return { close: () => watcher.close() };
}
