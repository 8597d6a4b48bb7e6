/** Messenger: Open messenger.yaml. */
import * as vscode from 'vscode';
import type { CommandFactory } from '../activation/MessengerContext';

export const openConfig: CommandFactory = (ctx) => async (): Promise<void> => {
  const project = ctx.project;
  if (project === undefined) {
    const choice = await vscode.window.showInformationMessage('This workspace has no messenger.yaml yet.', 'Create messenger.yaml');
    if (choice !== undefined) await vscode.commands.executeCommand('messenger.createConfig');
    return;
  }
  await vscode.window.showTextDocument(project.configFile);
};
