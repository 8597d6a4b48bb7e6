/**
 * Screenshots requested from inside the extension host, while everything is alive (after the
 * suite ends the extension host shuts down). The suite prints a marker line; the harness,
 * which owns the browser, captures the page and writes `<dir>/<name>.png`; the suite waits
 * for that file. Without MESSENGER_SCREENSHOT_DIR (a plain test run) nothing happens.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

import { SCREENSHOT_MARKER } from './suiteProtocol';

export function screenshotDir(): string | undefined {
  return process.env['MESSENGER_SCREENSHOT_DIR'] || undefined;
}

export async function screenshot(name: string, timeoutMs = 15_000): Promise<void> {
  const dir = screenshotDir();
  if (dir === undefined) return;
  const file = join(dir, `${name}.png`);
  console.log(`${SCREENSHOT_MARKER} ${name}`);
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`the harness did not write ${file}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The pictures of the README: the Messenger views next to messenger.yaml. */
export async function takeReadmeScreenshots(): Promise<void> {
  if (screenshotDir() === undefined) return;
  await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
  await vscode.commands.executeCommand('workbench.view.extension.messenger');
  await new Promise((resolve) => setTimeout(resolve, 1000)); // let the views render
  await screenshot('messenger-views');
}
