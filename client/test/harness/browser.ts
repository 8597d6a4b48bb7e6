/**
 * Opens the workbench in Debian's headless Chromium through playwright-core, with the test
 * payload (extensionDevelopmentPath, extensionTestsPath) in the URL, relays the extension
 * host's test output (codeAutomationLog) and resolves with the suite's exit code
 * (codeAutomationExit). Screenshots come from the same page once the suite is done.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { format } from 'node:util';

export const CHROMIUM = '/usr/bin/chromium';

// From the recipe: no network but loopback, nothing in the background that phones home.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost',
];

export interface WorkbenchRun {
  readonly origin: string;
  readonly workspace: string;
  readonly extensionDevelopmentPath: string;
  readonly extensionTestsPath: string;
  readonly timeoutMs: number;
  readonly tmpDir: string;
  /** Each line the extension host logs; the page is there for screenshots the suite asks for. */
  readonly onLine: (line: string, page: Page) => void | Promise<void>;
}

export function workbenchUrl(
  run: Pick<WorkbenchRun, 'origin' | 'workspace' | 'extensionDevelopmentPath' | 'extensionTestsPath'>,
): string {
  const remote = (path: string): string => `vscode-remote://${new URL(run.origin).host}${path}`;
  const payload = [
    ['extensionDevelopmentPath', remote(run.extensionDevelopmentPath)],
    ['extensionTestsPath', remote(run.extensionTestsPath)],
  ];
  return `${run.origin}/?folder=${encodeURIComponent(run.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

export async function runSuiteInWorkbench(run: WorkbenchRun): Promise<number> {
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    env: { ...process.env, TMPDIR: run.tmpDir },
    timeout: 60_000,
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    let finish: (code: number) => void = () => {};
    const exited = new Promise<number>((resolve) => (finish = resolve));
    // The workbench calls codeAutomationLog(level, args) for each line logged in the window
    // or the extension host; args are console.log's arguments (a format string first).
    await page.exposeFunction('codeAutomationLog', async (level: unknown, args: unknown) => {
      const text = Array.isArray(args) ? format(...(args as unknown[])) : String(args ?? level);
      for (const line of text.split('\n')) await run.onLine(level === 'error' ? `[error] ${line}` : line, page);
    });
    await page.exposeFunction('codeAutomationExit', (code: unknown) => finish(typeof code === 'number' ? code : 1));
    page.on('pageerror', (error) => void run.onLine(`[page error] ${error.message}`, page));
    await page.goto(workbenchUrl(run), { waitUntil: 'domcontentloaded', timeout: 60_000 });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the extension-host suite did not finish within ${run.timeoutMs / 1000} s`)),
        run.timeoutMs,
      );
    });
    try {
      return await Promise.race([exited, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await browser.close();
  }
}
