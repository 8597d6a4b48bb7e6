/**
 * The failed-message panel (a webview): one panel, reused, showing the message chosen in the
 * Failed Messages view (failedMessagePanelModel: masked body, stamps, error, trace,
 * redeliveries) with Retry and Remove. What it shows and does is PanelSession's; this file
 * is the webview around it. The webview gets its content by postMessage and sends the
 * buttons' clicks back the same way; its HTML has a strict CSP (webviewHtml.ts).
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { MessengerContext } from '../activation/MessengerContext';
import { removeConfirmation } from '../failed/actionMessages';
import { type FailedMessagePanelModel, failedMessagePanelModel } from '../failed/failedMessageView';
import { PanelSession } from '../failed/PanelSession';
import { createNonce, failedPanelHtml } from '../failed/webviewHtml';
import { openFrame } from './openFrame';

/** What the webview posts (see media/failedMessagePanel.js); `rendered` only in test mode. */
export type PanelMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'retry' }
  | { readonly type: 'remove' }
  /** A trace line was clicked: open its file at its line (when the file is in the workspace). */
  | { readonly type: 'openFrame'; readonly file: string; readonly line: number; readonly column: number }
  | { readonly type: 'rendered'; readonly id: string; readonly text: string };

export interface PanelSnapshot {
  readonly open: boolean;
  readonly title: string | undefined;
  readonly model: FailedMessagePanelModel | undefined;
  /** What the webview's script reported after drawing (its text), proof that it ran under the CSP. Test mode only. */
  readonly rendered: { readonly id: string; readonly text: string } | undefined;
}

export class FailedMessagePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private rendered: PanelSnapshot['rendered'];
  private readonly session: PanelSession;

  /** `testMode`: the webview reports what it drew (the whole message, body included), for the test suite only. */
  constructor(
    private readonly ctx: MessengerContext,
    afterChange: () => void,
    private readonly testMode: boolean,
  ) {
    this.session = new PanelSession({
      retry: (transport, id) => ctx.failedActions.retry(transport, [id]),
      remove: (transport, id) => ctx.failedActions.remove(transport, [id]),
      confirmRemove: async (model) => {
        const confirmation = removeConfirmation(model.id, model.className, model.transport);
        return (
          (await vscode.window.showWarningMessage(
            confirmation.message,
            { modal: true, detail: confirmation.detail },
            confirmation.confirm,
          )) === confirmation.confirm
        );
      },
      post: (update) => {
        // A retry that failed again shows the message under its new id: the tab follows.
        if (update.type === 'show' && this.panel !== undefined) this.panel.title = update.model.title;
        if (this.ready) void this.panel?.webview.postMessage(update);
      },
      afterChange: (transport, gone) => {
        ctx.failed.forget(transport, gone);
        afterChange();
      },
      details: async (transport, id) => failedMessagePanelModel(await ctx.failedActions.details(transport, id)),
      report: testMode,
    });
  }

  async show(transport: string, id: string): Promise<void> {
    const panel = this.open(`Failed message #${id}`);
    this.rendered = undefined;
    try {
      const model = await this.session.load(async () =>
        failedMessagePanelModel(await this.ctx.failedActions.details(transport, id)),
      );
      if (model !== undefined && this.panel === panel) panel.title = model.title;
    } catch (error) {
      panel.dispose();
      void vscode.window.showErrorMessage(
        `Messenger: could not show failed message #${id}: ${(error as Error).message}`,
      );
    }
  }

  /** Handles what the webview posts; the test suite calls it too, as the buttons would. */
  async handle(message: PanelMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.session.ready();
        return;
      case 'rendered':
        // Only ever kept in test mode: it is the message's whole text.
        if (this.testMode) this.rendered = { id: message.id, text: message.text };
        return;
      case 'retry':
      case 'remove':
        return this.session.act(message.type);
      case 'openFrame':
        return openFrame(message);
    }
  }

  snapshot(): PanelSnapshot {
    return {
      open: this.panel !== undefined,
      title: this.panel?.title,
      model: this.session.model,
      rendered: this.rendered,
    };
  }

  dispose(): void {
    this.panel?.dispose();
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
      this.rendered = undefined;
      this.session.clear();
    });
    // Hidden and shown again, the webview reloads and says 'ready' again: the model is posted again.
    panel.onDidChangeViewState(() => {
      if (!panel.visible) this.ready = false;
    });
    webview.onDidReceiveMessage((message: PanelMessage) => void this.handle(message));
    this.panel = panel;
    return panel;
  }
}
