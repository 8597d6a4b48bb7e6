/**
 * Activation: builds the context, registers what the user sees, and has the language server
 * started right after (activation must stay under 100 ms; the server reports its own
 * readiness). An error here is shown to the user and rethrown, so VS Code records the
 * failed activation too (as rust-analyzer does).
 */
import * as vscode from 'vscode';
import { registerCommands } from '../commands/registerCommands';
import {
  testClick,
  testPanel,
  testReveal,
  testPanelMessage,
  testRunCli,
  testSnapshot,
  testTree,
} from '../commands/testCommands';
import { attachWorkerOutputChannels } from '../output/workerOutputChannels';
import { createStatusBar, type MessengerStatusBar } from '../statusBar/statusBar';
import { FailedMessagePanel } from '../views/failedMessagePanel';
import { registerFailedView } from '../views/failedView';
import { registerMapView } from '../views/mapView';
import { registerThroughputView, type ThroughputSnapshot } from '../views/throughputView';
import { registerWorkersView } from '../views/workersView';
import { followLiveStats } from '../views/liveStats';
import { activationTiming, type ActivationTiming } from './activationTiming';
import { MessengerContext } from './MessengerContext';
import { watchProject } from './projectDetection';
import { startServerLater } from './startServerLater';
import { watchTrust } from './trust';

/** What `vscode.extensions.getExtension('messenger-ts.messenger-ts-vscode').exports` gives. */
export interface MessengerApi {
  readonly activation: ActivationTiming;
  /** Resolves once the language server is initialized; rejects if it could not start. */
  readonly serverReady: Promise<void>;
  /** Resolves once messenger.yaml has been looked for. */
  readonly projectDetected: Promise<void>;
}

export async function activate(
  extension: vscode.ExtensionContext,
): Promise<{ ctx: MessengerContext; api: MessengerApi }> {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Messenger', { log: true });
  extension.subscriptions.push(log);
  const ctx = new MessengerContext(extension, log);
  try {
    const statusBar = createStatusBar(ctx);
    registerCommands(ctx);
    let timing: ActivationTiming | undefined;
    let throughput: (() => ThroughputSnapshot) | undefined;
    // Also for the installed .vsix under test (production mode): the harness sets the variable.
    const testMode =
      extension.extensionMode === vscode.ExtensionMode.Test || process.env['MESSENGER_EXTENSION_TESTS'] === '1';
    if (testMode) {
      ctx.registerCommand(
        'messenger.test.snapshot',
        testSnapshot(
          statusBar,
          () => timing,
          () => throughput?.(),
        ),
      );
      ctx.registerCommand('messenger.test.tree', testTree);
      ctx.registerCommand('messenger.test.panel', testPanel);
      ctx.registerCommand('messenger.test.panelMessage', testPanelMessage);
      ctx.registerCommand('messenger.test.click', testClick);
      ctx.registerCommand('messenger.test.reveal', testReveal);
      ctx.registerCommand('messenger.test.runCli', testRunCli);
    }
    ctx.workerOutput = attachWorkerOutputChannels(ctx);
    throughput = registerViews(ctx, statusBar, testMode);
    // Trusted now: the live watch starts by itself (views/liveStats.ts) if a view shows.
    watchTrust(ctx, () => statusBar.update({ trusted: true }));
    const projectDetected = watchProject(ctx);

    const serverReady = startServerLater(ctx, statusBar);

    timing = activationTiming(started, performance.now());
    log.info(
      `Activated in ${timing.totalMs.toFixed(1)} ms (loading ${timing.loadMs?.toFixed(1) ?? '?'} ms, activate() ${timing.activateMs.toFixed(1)} ms; the extension host took ${timing.hostMs?.toFixed(1) ?? '?'} ms in between).`,
    );
    return { ctx, api: { activation: timing, serverReady, projectDetected } };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`Messenger failed to activate: ${message}`);
    await ctx.dispose();
    throw error;
  }
}

/** The three views, the failed-message panel, and what keeps them and the status bar current. */
function registerViews(
  ctx: MessengerContext,
  statusBar: MessengerStatusBar,
  testMode: boolean,
): () => ThroughputSnapshot {
  // Before the views, which say when they show: the queues are followed while one does.
  ctx.live = followLiveStats(ctx);
  registerMapView(ctx);
  registerWorkersView(ctx);
  const throughput = registerThroughputView(ctx, testMode);
  registerFailedView(ctx, statusBar);
  const afterChange = (): void => {
    void ctx.failed.refresh();
    ctx.countsChanged();
  };
  ctx.failedPanel = new FailedMessagePanel(ctx, afterChange, testMode);
  const unsubscribe = ctx.workers.subscribe({
    onDidChange: () => {
      const running = ctx.workers.runningCount();
      statusBar.update({ runningWorkers: running });
      void vscode.commands.executeCommand('setContext', 'messenger.workersRunning', running > 0);
    },
  });
  ctx.push(ctx.failedPanel, {
    dispose: () => unsubscribe(),
  });
  return throughput;
}
