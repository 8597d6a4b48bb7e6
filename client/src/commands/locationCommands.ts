/** The command of the language server's code lenses: show the places a lens points to. */
import * as vscode from 'vscode';
import type { CommandFactory } from '../activation/MessengerContext';

interface LspPosition {
  readonly line: number;
  readonly character: number;
}

interface LspLocation {
  readonly uri: string;
  readonly range: { readonly start: LspPosition; readonly end: LspPosition };
}

const position = (p: LspPosition): vscode.Position => new vscode.Position(p.line, p.character);

/** `messenger.showLocations(uri, position, locations)`: one place opens, several show as a references list. */
export const showLocations: CommandFactory =
  () =>
  async (uri: string, at: LspPosition, locations: readonly LspLocation[]): Promise<void> => {
    const places = locations.map(
      (l) =>
        new vscode.Location(vscode.Uri.parse(l.uri), new vscode.Range(position(l.range.start), position(l.range.end))),
    );
    if (places.length === 0) {
      void vscode.window.showInformationMessage('Messenger: nothing to show.');
      return;
    }
    if (places.length === 1) {
      const [place] = places;
      await vscode.window.showTextDocument(place!.uri, { selection: place!.range });
      return;
    }
    await vscode.commands.executeCommand('editor.action.showReferences', vscode.Uri.parse(uri), position(at), places);
  };
