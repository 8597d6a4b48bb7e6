/**
 * The one TreeDataProvider of the three views: it shows the TreeNodes a pure builder returns.
 * `refresh()` rebuilds them (at most once per event-loop turn, however many events ask); each
 * view registers what its roots are and when to refresh.
 */
import * as vscode from 'vscode';
import type { TreeNode } from '../tree/TreeNode';
import { toTreeItem } from './toTreeItem';

export class TreeNodeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<TreeNode | undefined>();
  private current: readonly TreeNode[] | undefined;
  private parents = new Map<string, TreeNode>();
  private byId = new Map<string, TreeNode>();
  private scheduled = false;
  readonly onDidChangeTreeData = this.changes.event;

  constructor(private readonly build: () => readonly TreeNode[]) {}

  /** The rows shown now (built on first use). */
  roots(): readonly TreeNode[] {
    if (this.current === undefined) {
      this.current = this.build();
      this.parents = new Map();
      this.byId = new Map();
      const index = (nodes: readonly TreeNode[], parent?: TreeNode): void => {
        for (const node of nodes) {
          this.byId.set(node.id, node);
          if (parent !== undefined) this.parents.set(node.id, parent);
          if (node.children) index(node.children, node);
        }
      };
      index(this.current);
    }
    return this.current;
  }

  refresh(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.current = undefined;
      this.changes.fire(undefined);
    });
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return toTreeItem(node);
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (node === undefined) return [...this.roots()];
    // The node VS Code holds may be from an older build: answer with the current one's children.
    return [...(this.find(node.id)?.children ?? node.children ?? [])];
  }

  getParent(node: TreeNode): TreeNode | undefined {
    this.roots();
    return this.parents.get(node.id);
  }

  /** Shows a row of `view`, opening it `expand` levels deep. */
  async reveal(view: vscode.TreeView<TreeNode>, id: string, expand: number): Promise<void> {
    const node = this.find(id);
    if (node === undefined) throw new Error(`No row ${id}.`);
    await view.reveal(node, { expand, select: false, focus: false });
  }

  find(id: string): TreeNode | undefined {
    this.roots();
    return this.byId.get(id);
  }

  dispose(): void {
    this.changes.dispose();
  }
}
