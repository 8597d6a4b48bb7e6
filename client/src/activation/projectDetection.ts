/**
 * The cheap file check that stands in for the language server's model until it arrives, and
 * drives the welcome views (`messenger.hasConfig`): the messenger.yaml of a workspace folder
 * (where `messenger.configPath` says, config/packages/ by default), else one anywhere below
 * the folders (a project in a subfolder of a monorepo). Once the model is there, the project
 * comes from it (MessengerContext). Re-runs when such a file appears or disappears, or when the
 * setting changes; of overlapping runs only the latest one's answer counts.
 */
import * as vscode from 'vscode';
import { latestOnly } from '../async/latestOnly';
import { CONFIG_GLOB, configFileIn, projectDirForConfig } from '../config/projectLayout';
import { readSettings } from '../settings/settings';
import type { DetectedProject, MessengerContext } from './MessengerContext';

async function detectProject(): Promise<DetectedProject | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  for (const folder of folders) {
    const configFile = configFileIn(folder.uri.fsPath, readSettings(folder).configPath);
    if (configFile !== undefined && (await exists(vscode.Uri.file(configFile))))
      return { folder, projectDir: folder.uri.fsPath, configFile };
  }
  const [found] = await vscode.workspace.findFiles(CONFIG_GLOB, '**/node_modules/**', 1);
  const folder = found && vscode.workspace.getWorkspaceFolder(found);
  const projectDir = found && projectDirForConfig(found.fsPath);
  if (found === undefined || folder === undefined || projectDir === undefined) return undefined;
  return { folder, projectDir, configFile: found.fsPath };
}

/** Detects now, and again whenever the answer may have changed. */
export function watchProject(ctx: MessengerContext): Promise<void> {
  const detect = latestOnly(detectProject, (detected) => ctx.setDetectedProject(detected));
  const redetect = (): Promise<void> =>
    detect().catch((error: unknown) => ctx.log.error(`Looking for messenger.yaml: ${String(error)}`));
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
