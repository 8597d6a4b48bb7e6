/** Helpers for the extension-host suites: the extension under test, its views, and polling with a deadline. */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TestSnapshot } from '../../src/commands/testCommands';
import type { TreeNode } from '../../src/tree/TreeNode';

export const EXTENSION_ID = 'messenger-ts.messenger-ts-vscode';

export interface MessengerApi {
  readonly activation: {
    readonly loadMs?: number;
    readonly hostMs?: number;
    readonly activateMs: number;
    readonly totalMs: number;
  };
  readonly serverReady: Promise<void>;
  readonly projectDetected: Promise<void>;
}

export function messengerExtension(): vscode.Extension<MessengerApi> {
  const extension = vscode.extensions.getExtension<MessengerApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not installed in this VS Code`);
  return extension;
}

/** Activates (or waits for the activation already under way) and returns the API. */
export async function activated(): Promise<MessengerApi> {
  return messengerExtension().activate();
}

/**
 * Every suite's setup: the extension active, its language server answering (the views need its
 * model), and the Messenger views shown (they follow the queues only while visible).
 */
export async function serverStarted(): Promise<void> {
  await (await activated()).serverReady;
  await vscode.commands.executeCommand('workbench.view.extension.messenger');
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs` saying what it last saw. */
export async function eventually<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 20_000,
  lastSeen?: () => unknown,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      assert.fail(
        `timed out after ${timeoutMs} ms waiting for ${what}${lastSeen ? `; last seen: ${JSON.stringify(await lastSeen(), null, 1)?.slice(0, 3000)}` : ''}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite needs the fixture workspace open');
  return folder.uri.fsPath;
}

export function workspaceFile(...segments: string[]): vscode.Uri {
  return vscode.Uri.file(join(workspaceDir(), ...segments));
}

export function snapshot(): Thenable<TestSnapshot> {
  return vscode.commands.executeCommand<TestSnapshot>('messenger.test.snapshot');
}

export function tree(viewId: 'messenger.map' | 'messenger.workers' | 'messenger.failed'): Thenable<TreeNode[]> {
  return vscode.commands.executeCommand<TreeNode[]>('messenger.test.tree', viewId);
}

/** The row reached by following labels from the roots (`['Buses', 'command.bus', 'SmsNotification']`). */
export function rowAt(roots: readonly TreeNode[], path: readonly string[]): TreeNode | undefined {
  let nodes: readonly TreeNode[] = roots;
  let found: TreeNode | undefined;
  for (const label of path) {
    found = nodes.find((n) => n.label === label);
    if (found === undefined) return undefined;
    nodes = found.children ?? [];
  }
  return found;
}

/** The SMS gateway of the fixture is up while var/sms-gateway-up exists. */
export function smsGateway(up: boolean): void {
  const flag = join(workspaceDir(), 'var', 'sms-gateway-up');
  if (up) {
    mkdirSync(join(workspaceDir(), 'var'), { recursive: true });
    writeFileSync(flag, '');
  } else rmSync(flag, { force: true });
}

/**
 * Dispatches SMS notifications to the fixture's async SQLite transport with its
 * scripts/dispatch.ts, run by the machine's Node (the one the CLI runs on: the SQLite driver
 * is built for it, not for the extension host's).
 */
export function dispatchSms(count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      'node',
      ['--import', 'tsx', 'scripts/dispatch.ts', String(count)],
      { cwd: workspaceDir(), timeout: 30_000 },
      (error, _stdout, stderr) => {
        if (error) reject(new Error(`scripts/dispatch.ts failed: ${error.message}\n${stderr}`));
        else resolve();
      },
    );
  });
}

/**
 * Types `line` into a file above the first line containing `before`, without saving, runs
 * `check`, then reverts; it fails if the edit reached the disk (the suite's later tests read it).
 */
export async function withUnsavedLine(
  uri: vscode.Uri,
  before: string,
  line: string,
  check: (lineNumber: number) => Promise<void>,
): Promise<void> {
  const original = readFileSync(uri.fsPath, 'utf8');
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document);
  const lineNumber = document
    .getText()
    .split('\n')
    .findIndex((l) => l.includes(before));
  assert.ok(lineNumber > 0, `no line with ${before} in ${uri.fsPath}`);
  await editor.edit((edit) => edit.insert(new vscode.Position(lineNumber, 0), `${line}\n`));
  try {
    await check(lineNumber);
  } finally {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  assert.equal(document.isDirty, false, 'the edit was not reverted');
  assert.equal(readFileSync(uri.fsPath, 'utf8'), original, 'the edit was saved to disk');
}
