import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { BOOTSTRAP_MODULES, bootstrapModuleSetting, configFileCandidates } from '@messenger-ts/runtime/layout';
import { entriesOf, isSkippedDir } from './files.js';

const MAX_DEPTH = 4;

/**
 * Where the language server and `messenger check` find projects, alike. A directory is a
 * messenger project if it has a config file where the project layout puts it, or a
 * package.json with a bootstrap module where the CLI looks for one (or that names one).
 */
export function isProjectDir(dir: string): boolean {
  if (configFileCandidates().some((file) => existsSync(join(dir, file)))) return true;
  const packageJson = join(dir, 'package.json');
  if (!existsSync(packageJson)) return false;
  return BOOTSTRAP_MODULES.some((module) => existsSync(join(dir, module))) || namesBootstrapModule(packageJson);
}

/** `"messenger": { "app": "…" }`: the package says where its createMessenger() is, wherever that is. */
function namesBootstrapModule(packageJson: string): boolean {
  try {
    return bootstrapModuleSetting(JSON.parse(readFileSync(packageJson, 'utf8'))) !== undefined;
  } catch {
    return false;
  }
}

/** Messenger projects at or below a workspace folder (a monorepo has several); the folder itself if none. */
export function discoverProjects(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (isProjectDir(dir)) {
      found.push(dir);
      return;
    }
    if (depth >= MAX_DEPTH) return;
    for (const entry of entriesOf(dir)) {
      if (entry.isDirectory() && !isSkippedDir(entry.name)) walk(join(dir, entry.name), depth + 1);
    }
  };
  walk(root, 0);
  return found.length > 0 ? found : existsSync(join(root, 'package.json')) ? [root] : [];
}

/** The project a file belongs to: the nearest ancestor (within `root`) that is a project dir. */
export function projectDirFor(file: string, root: string | undefined): string | undefined {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (dir.split(sep).includes('node_modules')) return undefined;
    if (isProjectDir(dir)) return dir;
    if (existsSync(join(dir, 'package.json')) && (root === undefined || dir === root)) return dir;
    if (dir === root || dirname(dir) === dir) return undefined;
  }
}
