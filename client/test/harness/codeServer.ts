/**
 * Starts code-server isolated for one run (recipe: /work/shared/design/real-vscode-here.md):
 * its own user data, extensions, XDG folders and TMPDIR under the run's folder, no gallery,
 * no telemetry, the smoke-test driver enabled (without it the workbench ignores the test
 * payload), a random free port, and a health check before anyone talks to it.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './freePort';
import { spawnGroup, stopGroup } from './processTree';
import type { VsCodeTools } from './tools';

export interface CodeServer {
  readonly origin: string;
  readonly port: number;
  readonly pid: number;
  /** Everything code-server printed (for the failure message). */
  output(): string;
  stop(): Promise<void>;
}

// A quiet window: no chat panel or AI features, no welcome page, nothing fetched. No auto-save
// (the web workbench saves after 1 s by default): the suite types into files without saving
// them, then reverts, and a saved edit would leak into the tests after it.
const USER_SETTINGS = {
  'files.autoSave': 'off',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
};

export interface CodeServerOptions {
  /** A packaged extension to install first, as a user would (`--install-extension`). */
  readonly vsix?: string;
  /**
   * Keep workspace trust on, and never ask: the folder opens in restricted mode (VS Code's
   * own behaviour for `startupPrompt: never` on a folder never trusted), with no modal dialog
   * that a headless run would have to click. Default: trust disabled, every folder trusted.
   */
  readonly restricted?: boolean;
}

export async function startCodeServer(
  tools: VsCodeTools,
  runDir: string,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
  options: CodeServerOptions = {},
): Promise<CodeServer> {
  const port = await freePort();
  const dirs = Object.fromEntries(
    ['user-data', 'extensions', 'config', 'data', 'cache', 'tmp'].map((name) => [name, join(runDir, name)]),
  );
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  mkdirSync(join(dirs['user-data']!, 'User'), { recursive: true });
  const settings = options.restricted
    ? {
        ...USER_SETTINGS,
        'security.workspace.trust.startupPrompt': 'never',
        'security.workspace.trust.banner': 'never',
      }
    : USER_SETTINGS;
  writeFileSync(join(dirs['user-data']!, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const isolated = {
    ...process.env,
    ...env,
    EXTENSIONS_GALLERY: '{}',
    XDG_CONFIG_HOME: dirs['config'],
    XDG_DATA_HOME: dirs['data'],
    XDG_CACHE_HOME: dirs['cache'],
    TMPDIR: dirs['tmp'],
    NODE_OPTIONS: '',
  };
  const common = ['--user-data-dir', dirs['user-data']!, '--extensions-dir', dirs['extensions']!];
  if (options.vsix !== undefined) {
    execFileSync(tools.node, [tools.codeServer, ...common, '--install-extension', options.vsix], {
      env: isolated,
      stdio: 'pipe',
      timeout: 60_000,
    });
    log(`installed ${options.vsix}`);
  }
  const child: ChildProcess = spawnGroup(
    tools.node,
    [
      tools.codeServer,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      ...common,
      '--disable-telemetry',
      '--disable-update-check',
      ...(options.restricted ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      '--disable-proxy',
      '--ignore-last-opened',
      '--vscode-option',
      'enable-smoke-test-driver',
    ],
    {
      // The extension host inherits this environment; NODE_OPTIONS is emptied so that ours
      // (tsx's loader, when run from the tests) does not leak into it.
      env: isolated,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const collect = (chunk: Buffer): void => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const server: CodeServer = {
    origin: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid ?? -1,
    output: () => output,
    stop: () => stopGroup(child),
  };
  try {
    await waitForHealth(server, child, 60_000);
  } catch (error) {
    await server.stop();
    throw error;
  }
  log(`code-server ${server.origin} (pid ${server.pid}) is up`);
  return server;
}

async function waitForHealth(server: CodeServer, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `code-server exited (${child.exitCode ?? child.signalCode}) before it was healthy:\n${server.output()}`,
      );
    }
    try {
      const response = await fetch(`${server.origin}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`code-server was not healthy within ${timeoutMs / 1000} s:\n${server.output()}`);
}
