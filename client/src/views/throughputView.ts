/**
 * The Throughput view (a webview in the Messenger side bar): small Chart.js charts of the
 * messages handled and failed per minute and their wait, per transport and per worker started
 * here (throughputModel.ts), with each queue's count, oldest message and consumers. Redrawn at
 * most once a second while visible, and each 15 s (a new minute); hidden, it costs nothing. Its
 * HTML has the same strict CSP as the failed-message panel: one script by nonce, no inline code.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { MessengerContext } from '../activation/MessengerContext';
import { createNonce, failedPanelHtml } from '../failed/webviewHtml';
import { Throughput } from '../workers/Throughput';
import { throughputModel } from '../workers/throughputModel';

export const THROUGHPUT_VIEW = 'messenger.throughput';

export interface ThroughputSnapshot {
  readonly visible: boolean;
  /** What the webview reported it drew (test mode only). */
  readonly rendered: { readonly charts: number; readonly text: string } | undefined;
}

export function registerThroughputView(ctx: MessengerContext, testMode: boolean): () => ThroughputSnapshot {
  const throughput = new Throughput();
  let view: vscode.WebviewView | undefined;
  let ready = false;
  let rendered: ThroughputSnapshot['rendered'];
  let scheduled: NodeJS.Timeout | undefined;
  let ticker: NodeJS.Timeout | undefined;
  const post = (): void => {
    scheduled = undefined;
    if (view === undefined || !view.visible || !ready) return;
    const model = throughputModel({
      transports: ctx.trusted ? (ctx.projectModel()?.transports ?? []) : [],
      workers: ctx.workers.list().map((w) => ({ id: w.id, label: w.label, state: w.process.state })),
      stats: ctx.stats.counts,
      throughput,
      now: Date.now(),
      report: testMode,
    });
    void view.webview.postMessage({ type: 'update', model });
  };
  const redraw = (): void => {
    scheduled ??= setTimeout(post, 1000);
  };
  const visibility = (): void => {
    const shown = view?.visible === true;
    ctx.live?.setVisible(THROUGHPUT_VIEW, shown);
    clearInterval(ticker);
    ticker = shown ? setInterval(redraw, 15_000) : undefined;
    if (shown) redraw();
  };
  const provider: vscode.WebviewViewProvider = {
    resolveWebviewView: (webviewView) => {
      view = webviewView;
      ready = false;
      const dist = vscode.Uri.joinPath(ctx.extension.extensionUri, 'dist', 'media');
      const media = vscode.Uri.joinPath(ctx.extension.extensionUri, 'media');
      const webview = webviewView.webview;
      webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [dist, media] };
      webview.html = failedPanelHtml({
        cspSource: webview.cspSource,
        nonce: createNonce(randomBytes),
        scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'throughputView.js')).toString(),
        styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'throughputView.css')).toString(),
        title: 'Throughput',
        loading: 'Loading the charts…',
      });
      webview.onDidReceiveMessage((message: { type?: string; charts?: number; text?: string }) => {
        if (message.type === 'ready') {
          ready = true;
          redraw();
        } else if (message.type === 'rendered' && testMode)
          rendered = { charts: Number(message.charts), text: String(message.text) };
      });
      webviewView.onDidChangeVisibility(visibility);
      webviewView.onDidDispose(() => {
        view = undefined;
        visibility();
      });
      visibility();
    },
  };
  ctx.push(
    vscode.window.registerWebviewViewProvider(THROUGHPUT_VIEW, provider),
    {
      dispose: ctx.workers.subscribe({
        onEvent: (worker, event, at) => {
          throughput.record(worker.id, event, at);
          redraw();
        },
        onDidChange: redraw,
      }),
    },
    { dispose: ctx.stats.onDidChange(redraw) },
    { dispose: ctx.model.onDidChange(redraw) },
    {
      dispose: () => {
        clearTimeout(scheduled);
        clearInterval(ticker);
      },
    },
  );
  return () => ({ visible: view?.visible === true, rendered });
}
