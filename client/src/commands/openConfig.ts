/** Messenger: Open messenger.yaml — the project's base config file, or an offer to create it. */
import * as vscode from 'vscode';
import type { CommandFactory } from '../activation/MessengerContext';

export const openConfig: CommandFactory = (ctx) => async (): Promise<void> => {
  const configFile = ctx.project?.configFile;
  if (configFile === undefined) {
    const choice = await vscode.window.showInformationMessage(
      'This project has no messenger.yaml yet.',
      'Create messenger.yaml',
    );
    if (choice !== undefined) await vscode.commands.executeCommand('messenger.createConfig');
    return;
  }
  await vscode.window.showTextDocument(configFile);
};
