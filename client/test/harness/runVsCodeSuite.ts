/**
 * One run of the extension-host suite in a real VS Code (code-server + headless Chromium):
 * tools from the cache, a fresh folder for everything the run writes, a copy of the fixture
 * workspace, the suite, then code-server stopped and the folder removed. Fails, never skips,
 * when anything cannot start.
 */
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import {
  OUTPUT_MARKER,
  RESTRICTED_WORKSPACE_CLI_COMMAND,
  RESULT_MARKER,
  SCREENSHOT_MARKER,
  type SuiteResult,
} from '../vscode-suite/suiteProtocol';
import { runSuiteInWorkbench, CHROMIUM } from './browser';
import { startCodeServer, type CodeServer } from './codeServer';
import { ensureVsCodeTools } from './tools';

// __filename, not __dirname: tsx gets __dirname wrong when an ES module imports this file.
export const CLIENT_DIR = resolve(__filename, '..', '..', '..');
export const REPO_DIR = resolve(CLIENT_DIR, '..');
export const FIXTURE_WORKSPACE = join(CLIENT_DIR, 'test', 'fixtures', 'workspace');

export interface SuiteRunOptions {
  /** The workspace to open (copied first); default: client/test/fixtures/workspace. */
  readonly workspace?: string;
  readonly timeoutMs?: number;
  /** Saves the screenshots the suite asks for here (the README's pictures). */
  readonly screenshotDir?: string;
  /** Test this packaged extension, installed into code-server, instead of client/ in development mode. */
  readonly vsix?: string;
  /**
   * Run the restricted-mode suite (vscode-suite/restricted.test.ts) in a workspace that is not
   * trusted, whose .vscode/settings.json sets messenger.cliCommand (which must be ignored).
   */
  readonly restricted?: boolean;
  /** `live-cost`: instead of the tests, measure what keeping the views live costs (`npm run bench`). */
  readonly kind?: 'live-cost';
  /** Only the tests whose title matches (mocha grep). */
  readonly grep?: string;
  readonly keepRunDir?: boolean;
  /** Relay every line the workbench logs, not only the suite's. */
  readonly verbose?: boolean;
  readonly log?: (line: string) => void;
}

export interface SuiteRunReport {
  readonly exitCode: number;
  /** Undefined when the suite never reported (it crashed or never loaded). */
  readonly result: SuiteResult | undefined;
  /** Every line the workbench and the extension host logged. */
  readonly output: string;
  readonly timings: {
    readonly toolsMs: number;
    readonly codeServerMs: number;
    readonly suiteMs: number;
    readonly totalMs: number;
  };
  readonly screenshots: readonly string[];
}

export async function runVsCodeSuite(options: SuiteRunOptions = {}): Promise<SuiteRunReport> {
  const log = options.log ?? ((line: string) => console.log(line));
  const started = Date.now();
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium libkrb5-dev; .ci/run does).`,
    );
  const extensionTestsPath = join(CLIENT_DIR, 'dist', 'test');
  if (!existsSync(join(extensionTestsPath, 'index.js')) || !existsSync(join(CLIENT_DIR, 'dist', 'extension.js'))) {
    throw new Error('client/dist is not built: run `node client/scripts/build.mjs` first.');
  }
  const tools = ensureVsCodeTools(log);
  const toolsDone = Date.now();

  const runDir = mkdtempSync(join(tmpdir(), 'messenger-ts-vscode-'));
  const workspace = copyWorkspace(options.workspace ?? FIXTURE_WORKSPACE, join(runDir, 'workspace'));
  if (options.restricted) {
    mkdirSync(join(workspace, '.vscode'), { recursive: true });
    writeFileSync(
      join(workspace, '.vscode', 'settings.json'),
      JSON.stringify({ 'messenger.cliCommand': RESTRICTED_WORKSPACE_CLI_COMMAND }, null, 2),
    );
  }
  const screenshotDir = options.screenshotDir === undefined ? undefined : resolve(options.screenshotDir);
  if (screenshotDir !== undefined) mkdirSync(screenshotDir, { recursive: true });
  const outputFile = join(runDir, 'output.log');

  let output = '';
  let result: SuiteResult | undefined;
  const screenshots: string[] = [];
  const onLine = async (line: string, page: Page): Promise<void> => {
    output += `${line}\n`;
    if (options.keepRunDir) appendFileSync(outputFile, `${line}\n`);
    if (line.startsWith(RESULT_MARKER)) result = JSON.parse(line.slice(RESULT_MARKER.length)) as SuiteResult;
    else if (line.startsWith(SCREENSHOT_MARKER) && screenshotDir !== undefined) {
      const [name = '', ...selector] = line.slice(SCREENSHOT_MARKER.length).trim().split(' ');
      screenshots.push(await capture(page, screenshotDir, name, selector.join(' ') || undefined));
    } else if (line.startsWith(OUTPUT_MARKER)) log(`  │ ${line.slice(OUTPUT_MARKER.length)}`);
    else if (options.verbose) log(`  ┆ ${line}`);
  };

  const env = {
    MESSENGER_SUITE_MARKERS: '1',
    MESSENGER_EXTENSION_TESTS: '1',
    MESSENGER_SUITE_GREP: options.grep ?? '',
    MESSENGER_SCREENSHOT_DIR: screenshotDir ?? '',
    MESSENGER_SUITE_KIND: options.restricted ? 'restricted' : (options.kind ?? 'main'),
  };
  let server: CodeServer | undefined;
  try {
    server = await startCodeServer(tools, join(runDir, 'code-server'), env, log, {
      vsix: options.vsix,
      restricted: options.restricted,
    });
    const serverUp = Date.now();
    const exitCode = await runSuiteInWorkbench({
      origin: server.origin,
      workspace,
      extensionDevelopmentPath: options.vsix === undefined ? CLIENT_DIR : emptyDevelopmentExtension(runDir),
      extensionTestsPath,
      timeoutMs: options.timeoutMs ?? 240_000,
      tmpDir: join(runDir, 'code-server', 'tmp'),
      onLine,
    });
    const finished = Date.now();
    return {
      exitCode,
      result,
      output,
      screenshots,
      timings: {
        toolsMs: toolsDone - started,
        codeServerMs: serverUp - toolsDone,
        suiteMs: finished - serverUp,
        totalMs: finished - started,
      },
    };
  } catch (error) {
    (error as Error).message +=
      `\n--- workbench and extension host output (last lines) ---\n${output.slice(-20_000)}\n--- code-server output ---\n${server?.output().slice(-10_000) ?? '(not started)'}`;
    throw error;
  } finally {
    await server?.stop();
    if (options.keepRunDir) log(`kept the run's files in ${runDir}`);
    else rmSync(runDir, { recursive: true, force: true });
  }
}

/** What a workspace copy leaves out: run-time state (var/: queues, flags), builds, installs. */
const NOT_COPIED = new Set(['var', 'dist', 'node_modules']);

/**
 * A copy of the workspace for one run (the suite may write into it), without its var/ (each
 * run starts with empty queues, whatever `npm start` left in examples/app), resolving
 * @messenger-ts/runtime and friends from the repository as the original does.
 */
export function copyWorkspace(from: string, to: string): string {
  cpSync(from, to, { recursive: true, filter: (source) => !NOT_COPIED.has(relative(from, source)) });
  if (!existsSync(join(to, 'node_modules')))
    symlinkSync(join(REPO_DIR, 'node_modules'), join(to, 'node_modules'), 'dir');
  return to;
}

/**
 * The workbench runs a test payload only with an extension in development. To test the
 * installed .vsix, that extension is an empty one: the suite then finds the installed
 * extension by its id, exactly as a user's VS Code would load it.
 */
function emptyDevelopmentExtension(runDir: string): string {
  const dir = join(runDir, 'empty-development-extension');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'empty', publisher: 'messenger-ts-tests', version: '0.0.0', engines: { vscode: '*' } }),
  );
  return dir;
}

/**
 * The box of a part of the workbench, down to its last tree row when it shows a tree (a side
 * bar is as tall as the window; its rows often fill a third of it).
 */
async function contentBox(
  page: Page,
  selector: string,
): Promise<{ x: number; y: number; width: number; height: number }> {
  const part = page.locator(selector).first();
  const box = await part.boundingBox();
  if (box === null) throw new Error(`nothing on the page matches ${selector}`);
  const lastRowBottom = await part.evaluate((element) =>
    Math.max(0, ...[...element.querySelectorAll('.monaco-list-row')].map((row) => row.getBoundingClientRect().bottom)),
  );
  const height = lastRowBottom > 0 ? Math.min(box.height, lastRowBottom - box.y + 8) : box.height;
  return { x: box.x, y: box.y, width: box.width, height };
}

/**
 * The page, or one part of the workbench (a CSS selector such as `.part.sidebar`), so the
 * pictures stay small. Written to a temporary name first: the suite waits for the final name.
 */
async function capture(page: Page, dir: string, name: string, selector?: string): Promise<string> {
  if (!/^[\w.-]+$/.test(name)) throw new Error(`bad screenshot name "${name}"`);
  const file = join(dir, `${name}.png`);
  const partial = join(dir, `.${name}.partial.png`);
  // A selector starting with "!" takes the whole part (a side bar whose last view is a webview, not rows).
  if (selector === undefined) await page.screenshot({ path: partial });
  else if (selector.startsWith('!')) {
    const box = await page.locator(selector.slice(1)).first().boundingBox();
    if (box === null) throw new Error(`nothing on the page matches ${selector.slice(1)}`);
    await page.screenshot({ path: partial, clip: box });
  } else await page.screenshot({ path: partial, clip: await contentBox(page, selector) });
  renameSync(partial, file);
  return file;
}
