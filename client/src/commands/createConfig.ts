/** Messenger: Create messenger.yaml — a starter config (and its .env variable), then opens it. */
import * as vscode from 'vscode';
import type { CommandFactory } from '../activation/MessengerContext';
import { exists } from '../activation/projectDetection';
import { starterConfig, starterDotenvAddition } from '../config/starterConfig';

export const createConfig: CommandFactory = (ctx) => async (): Promise<vscode.Uri | undefined> => {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const folder = folders.length > 1 ? await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder of the project to configure' }) : folders[0];
  if (folder === undefined) {
    if (folders.length === 0) void vscode.window.showErrorMessage('Open a folder first: messenger.yaml goes into config/packages/ of your project.');
    return undefined;
  }
  const project = ctx.expectedProject(folder);
  if (!(await exists(project.configFile))) {
    await vscode.workspace.fs.writeFile(project.configFile, new TextEncoder().encode(starterConfig()));
    const dotenv = vscode.Uri.joinPath(vscode.Uri.file(project.projectDir), '.env');
    const current = (await exists(dotenv)) ? new TextDecoder().decode(await vscode.workspace.fs.readFile(dotenv)) : undefined;
    const addition = starterDotenvAddition(current);
    if (addition !== undefined) await vscode.workspace.fs.writeFile(dotenv, new TextEncoder().encode((current ?? '') + addition));
    ctx.log.info(`Created ${project.configFile.fsPath}${addition ? ' and added MESSENGER_TRANSPORT_DSN to .env' : ''}.`);
  }
  ctx.setProject(project);
  await vscode.window.showTextDocument(project.configFile);
  return project.configFile;
};
