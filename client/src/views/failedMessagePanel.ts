/**
 * The failed-message panel (a webview): one panel, reused, showing the message chosen in the
 * Failed Messages view (failedMessagePanelModel: masked body, stamps, error, trace,
 * redeliveries) with Retry and Remove. The webview gets its content by postMessage and sends
 * the buttons' clicks back the same way; its HTML has a strict CSP (webviewHtml.ts).
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { MessengerContext } from '../activation/MessengerContext';
import { removeConfirmation, removeSummary, retrySummary } from '../failed/actionMessages';
import { type FailedMessagePanelModel, failedMessagePanelModel } from '../failed/failedMessageView';
import { createNonce, failedPanelHtml } from '../failed/webviewHtml';

/** What the webview posts (see media/failedMessagePanel.js). */
export type PanelMessage = { readonly type: 'ready' } | { readonly type: 'retry' } | { readonly type: 'remove' } | { readonly type: 'rendered'; readonly id: string; readonly text: string };

export interface PanelSnapshot {
  readonly open: boolean;
  readonly title: string | undefined;
  readonly model: FailedMessagePanelModel | undefined;
  /** What the webview's script reported after drawing (its text), proof that it ran under the CSP. */
  readonly rendered: { readonly id: string; readonly text: string } | undefined;
}

export class FailedMessagePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private model: FailedMessagePanelModel | undefined;
  private rendered: PanelSnapshot['rendered'];
  private lastResult: object | undefined;

  constructor(private readonly ctx: MessengerContext, private readonly afterChange: () => void) {}

  async show(transport: string, id: string): Promise<void> {
    const panel = this.open(`Failed message #${id}`);
    this.model = undefined;
    this.rendered = undefined;
    this.lastResult = undefined;
    try {
      const model = failedMessagePanelModel(await this.ctx.failedActions.details(transport, id));
      if (this.panel !== panel) return;
      this.model = model;
      panel.title = model.title;
      this.post({ type: 'show', model });
    } catch (error) {
      panel.dispose();
      void vscode.window.showErrorMessage(`Messenger: could not show failed message #${id}: ${(error as Error).message}`);
    }
  }

  /** Handles what the webview posts; the test suite calls it too, as the buttons would. */
  async handle(message: PanelMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        if (this.model) this.post({ type: 'show', model: this.model });
        if (this.lastResult) this.post(this.lastResult);
        return;
      case 'rendered':
        this.rendered = { id: message.id, text: message.text };
        return;
      case 'retry':
        return this.act('retry');
      case 'remove':
        return this.act('remove');
    }
  }

  snapshot(): PanelSnapshot {
    return { open: this.panel !== undefined, title: this.panel?.title, model: this.model, rendered: this.rendered };
  }

  dispose(): void {
    this.panel?.dispose();
  }

  private async act(action: 'retry' | 'remove'): Promise<void> {
    const model = this.model;
    if (model === undefined) return;
    if (action === 'remove') {
      const confirmation = removeConfirmation(model.id, model.className, model.transport);
      const choice = await vscode.window.showWarningMessage(confirmation.message, { modal: true, detail: confirmation.detail }, confirmation.confirm);
      if (choice !== confirmation.confirm) return;
    }
    this.post({ type: 'busy', action });
    let result: { type: 'result'; text: string; ok: boolean; done: boolean };
    try {
      if (action === 'retry') {
        const outcome = await this.ctx.failedActions.retry(model.transport, [model.id]);
        const summary = retrySummary(outcome);
        // Handled, or failed and sent back under a new id: either way this one left the transport.
        const done = outcome.results.some((r) => r.result === 'handled' || r.result === 'failed' || r.result === 'not-found');
        result = { type: 'result', text: `Retry: ${summary.text}.`, ok: summary.ok, done };
      } else {
        const summary = removeSummary(await this.ctx.failedActions.remove(model.transport, [model.id]));
        result = { type: 'result', text: `Remove: ${summary.text}.`, ok: summary.ok, done: true };
      }
    } catch (error) {
      result = { type: 'result', text: `${action === 'retry' ? 'Retry' : 'Remove'} failed: ${(error as Error).message}`, ok: false, done: false };
    }
    this.lastResult = result;
    this.post(result);
    this.afterChange();
  }

  private open(title: string): vscode.WebviewPanel {
    if (this.panel !== undefined) {
      this.panel.title = title;
      this.panel.reveal(undefined, false);
      return this.panel;
    }
    const media = vscode.Uri.joinPath(this.ctx.extension.extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel('messenger.failedMessage', title, vscode.ViewColumn.Active, {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [media],
    });
    const webview = panel.webview;
    webview.html = failedPanelHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(randomBytes),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'failedMessagePanel.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'failedMessagePanel.css')).toString(),
      title,
    });
    this.ready = false;
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.model = undefined;
      this.rendered = undefined;
    });
    // Hidden and shown again, the webview reloads and says 'ready' again: the model is posted again.
    panel.onDidChangeViewState(() => {
      if (!panel.visible) this.ready = false;
    });
    webview.onDidReceiveMessage((message: PanelMessage) => void this.handle(message));
    this.panel = panel;
    return panel;
  }

  private post(message: object): void {
    if (this.ready) void this.panel?.webview.postMessage(message);
  }
}
