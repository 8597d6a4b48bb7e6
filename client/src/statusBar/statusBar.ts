/** The status bar item: workers running, failed messages, language server trouble. */
import * as vscode from 'vscode';
import type { MessengerContext } from '../activation/MessengerContext';
import { statusPresentation, type StatusFacts } from './statusText';

const STATUS_BAR_ID = 'messenger.status';

export class MessengerStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(STATUS_BAR_ID, vscode.StatusBarAlignment.Left, 10);
  private facts: StatusFacts = { runningWorkers: 0, server: 'starting', trusted: vscode.workspace.isTrusted };

  constructor() {
    this.item.name = 'Messenger';
    this.item.command = 'workbench.view.extension.messenger';
    this.render();
    this.item.show();
  }

  update(change: Partial<StatusFacts>): void {
    this.facts = { ...this.facts, ...change };
    this.render();
  }

  /** What the item shows now (the test API reads it: the status bar is not queryable). */
  snapshot(): { readonly text: string; readonly tooltip: string; readonly visible: boolean } {
    return { text: this.item.text, tooltip: String(this.item.tooltip ?? ''), visible: true };
  }

  dispose(): void {
    this.item.dispose();
  }

  private render(): void {
    const view = statusPresentation(this.facts);
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.backgroundColor = view.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }
}

export function createStatusBar(ctx: MessengerContext): MessengerStatusBar {
  const bar = new MessengerStatusBar();
  ctx.push(bar);
  return bar;
}
