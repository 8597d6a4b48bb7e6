/**
 * Opens the file a trace line names, at its line. A trace comes from a message, which anyone who
 * can write to the transport wrote: only files of the workspace that exist are opened (a link to
 * anywhere else does nothing but say why).
 */
import * as vscode from 'vscode';
import type { TraceFrame } from '../failed/traceFrames';

export async function openFrame(frame: TraceFrame): Promise<void> {
  const uri = vscode.Uri.file(frame.file);
  if (vscode.workspace.getWorkspaceFolder(uri) === undefined) {
    void vscode.window.showInformationMessage(`Messenger: ${frame.file} is not in this workspace.`);
    return;
  }
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    void vscode.window.showInformationMessage(`Messenger: ${frame.file} does not exist here.`);
    return;
  }
  const position = new vscode.Position(Math.max(0, frame.line - 1), Math.max(0, frame.column - 1));
  await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position), preview: true });
}
