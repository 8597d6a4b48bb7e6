/** Helpers for the extension-host suites: the extension under test and polling with a deadline. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'messenger-ts.messenger-ts-vscode';

export interface MessengerApi {
  readonly activation: { readonly loadMs?: number; readonly hostMs?: number; readonly activateMs: number; readonly totalMs: number };
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

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function workspaceFile(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite needs the fixture workspace open');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}
