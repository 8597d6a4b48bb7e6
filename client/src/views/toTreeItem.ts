/** A TreeNode as VS Code draws it: icon, description, tooltip, and what a click does. */
import * as vscode from 'vscode';
import type { SourceRef } from '@messenger-ts/server/protocol';
import type { TreeNode } from '../tree/TreeNode';

export function toTreeItem(node: TreeNode): vscode.TreeItem {
  const state =
    node.children === undefined
      ? vscode.TreeItemCollapsibleState.None
      : node.expanded
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.Collapsed;
  const item = new vscode.TreeItem(node.label, state);
  item.id = node.id;
  item.description = node.description;
  item.tooltip = node.tooltip;
  item.contextValue = node.contextValue;
  if (node.icon !== undefined)
    item.iconPath = new vscode.ThemeIcon(
      node.icon,
      node.iconColor === undefined ? undefined : new vscode.ThemeColor(node.iconColor),
    );
  if (node.location !== undefined) item.command = openCommand(node.location);
  else if (node.command !== undefined)
    item.command = {
      command: node.command.id,
      title: node.command.title,
      arguments: node.command.args ? [...node.command.args] : undefined,
    };
  return item;
}

/** Opens a file of the model at its range (0-based lines and characters, as LSP). */
function openCommand(location: SourceRef): vscode.Command {
  const { start, end } = location.range;
  const selection = new vscode.Range(start.line, start.character, end.line, end.character);
  return {
    command: 'vscode.open',
    title: 'Open',
    arguments: [vscode.Uri.file(location.file), { selection, preview: true } satisfies vscode.TextDocumentShowOptions],
  };
}
