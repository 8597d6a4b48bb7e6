/** The extension's entry point (dist/extension.js): activation lives in activation/. */
import type * as vscode from 'vscode';
import { activate as activateMessenger, type MessengerApi } from './activation/activate';
import type { MessengerContext } from './activation/MessengerContext';

let context: MessengerContext | undefined;

export async function activate(extension: vscode.ExtensionContext): Promise<MessengerApi> {
  const { ctx, api } = await activateMessenger(extension);
  context = ctx;
  return api;
}

export async function deactivate(): Promise<void> {
  const ctx = context;
  context = undefined;
  await ctx?.dispose();
}
