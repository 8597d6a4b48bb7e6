/**
 * Messenger: Create messenger.yaml — a starter config (and its .env variable), then opens it.
 * It writes only inside the project (configFileIn refuses a `messenger.configPath` that leaves
 * it), so a workspace's settings cannot make it write elsewhere, even untrusted.
 */
import * as vscode from 'vscode';
import type { CommandFactory } from '../activation/MessengerContext';
import { exists } from '../activation/projectDetection';
import { configFileIn } from '../config/projectLayout';
import { starterConfig, starterDotenvAddition } from '../config/starterConfig';
import { readSettings } from '../settings/settings';

export const createConfig: CommandFactory = (ctx) => async (): Promise<vscode.Uri | undefined> => {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const folder =
    folders.length > 1
      ? await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder of the project to configure' })
      : folders[0];
  if (folder === undefined) {
    if (folders.length === 0)
      void vscode.window.showErrorMessage(
        'Open a folder first: messenger.yaml goes into config/packages/ of your project.',
      );
    return undefined;
  }
  // The project the server found in this folder (a monorepo's package), else the folder itself.
  const projectDir = ctx.project?.folder.uri.fsPath === folder.uri.fsPath ? ctx.project.projectDir : folder.uri.fsPath;
  const setting = readSettings(folder).configPath;
  const path = configFileIn(projectDir, setting);
  if (path === undefined) {
    void vscode.window.showErrorMessage(
      `Messenger: messenger.configPath must be a path inside the project, relative to ${projectDir}; "${setting}" is not. Nothing was written.`,
    );
    return undefined;
  }
  const configFile = vscode.Uri.file(path);
  if (!(await exists(configFile))) {
    await vscode.workspace.fs.writeFile(configFile, new TextEncoder().encode(starterConfig()));
    const dotenv = vscode.Uri.joinPath(vscode.Uri.file(projectDir), '.env');
    const current = (await exists(dotenv))
      ? new TextDecoder().decode(await vscode.workspace.fs.readFile(dotenv))
      : undefined;
    const addition = starterDotenvAddition(current);
    if (addition !== undefined)
      await vscode.workspace.fs.writeFile(dotenv, new TextEncoder().encode((current ?? '') + addition));
    ctx.log.info(`Created ${configFile.fsPath}${addition ? ' and added MESSENGER_TRANSPORT_DSN to .env' : ''}.`);
  }
  ctx.setDetectedProject({ folder, projectDir, configFile: path });
  await vscode.window.showTextDocument(configFile);
  return configFile;
};
