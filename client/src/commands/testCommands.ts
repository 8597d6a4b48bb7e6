/**
 * Commands for the extension-host test suite only (registered when VS Code runs the
 * extension's tests, never contributed to the palette): they expose what the UI shows and
 * the API cannot read, such as the status bar item.
 */
import type { CommandFactory } from '../activation/MessengerContext';
import type { MessengerStatusBar } from '../statusBar/statusBar';
import type { ActivationTiming } from '../activation/activationTiming';

export interface TestSnapshot {
  readonly activation: ActivationTiming | undefined;
  readonly statusBar: ReturnType<MessengerStatusBar['snapshot']>;
  readonly server: string;
  readonly project: { readonly configFile: string; readonly projectDir: string } | undefined;
  readonly trusted: boolean;
  readonly workers: readonly { readonly id: number; readonly label: string; readonly status: string; readonly handled: number; readonly failed: number }[];
}

export function testSnapshot(statusBar: MessengerStatusBar, activation: () => ActivationTiming | undefined): CommandFactory {
  return (ctx) => (): TestSnapshot => ({
    activation: activation(),
    statusBar: statusBar.snapshot(),
    server: ctx.server?.state() ?? 'stopped',
    project: ctx.project && { configFile: ctx.project.configFile.fsPath, projectDir: ctx.project.projectDir },
    trusted: ctx.trusted,
    workers: ctx.workers.list().map((w) => ({ id: w.id, label: w.label, status: w.process.state.status, handled: w.process.state.handled, failed: w.process.state.failed })),
  });
}
