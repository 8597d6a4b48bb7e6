/**
 * Finds the project's messenger.yaml: first where the settings say (config/packages/ of a
 * workspace folder by default), then anywhere below the folders (a project in a
 * subfolder of a monorepo). Re-runs when such a file appears or disappears, or when
 * `messenger.configPath` changes.
 */
import * as vscode from 'vscode';
import { CONFIG_GLOB } from '../config/projectLayout';
import type { MessengerContext, MessengerProject } from './MessengerContext';

export async function detectProject(ctx: MessengerContext): Promise<MessengerProject | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  for (const folder of folders) {
    const expected = ctx.expectedProject(folder);
    if (await exists(expected.configFile)) return expected;
  }
  const [found] = await vscode.workspace.findFiles(CONFIG_GLOB, '**/node_modules/**', 1);
  const folder = found && vscode.workspace.getWorkspaceFolder(found);
  if (found === undefined || folder === undefined) return undefined;
  return { folder, configFile: found, projectDir: vscode.Uri.joinPath(found, '..', '..', '..').fsPath };
}

/** Detects now, and again whenever the answer may have changed. */
export function watchProject(ctx: MessengerContext): Promise<void> {
  const redetect = async (): Promise<void> => {
    try {
      ctx.setProject(await detectProject(ctx));
    } catch (error) {
      ctx.log.error(`Looking for messenger.yaml: ${String(error)}`);
    }
  };
  const watcher = vscode.workspace.createFileSystemWatcher(CONFIG_GLOB, false, true, false);
  ctx.push(
    watcher,
    watcher.onDidCreate(redetect),
    watcher.onDidDelete(redetect),
    vscode.workspace.onDidChangeWorkspaceFolders(redetect),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('messenger.configPath')) void redetect();
    }),
  );
  return redetect();
}

/** Whether a file or folder exists in the workspace (any file system VS Code knows). */
export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
