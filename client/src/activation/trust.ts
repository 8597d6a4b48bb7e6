/**
 * Workspace trust: the map and diagnostics work in restricted mode; what runs user code
 * (workers, failed-message commands) waits for trust. VS Code's own `isWorkspaceTrusted`
 * context key drives the welcome views and command enablement; this reacts to the grant.
 */
import * as vscode from 'vscode';
import type { MessengerContext } from './MessengerContext';

export function watchTrust(ctx: MessengerContext, onTrusted: () => void): void {
  if (!vscode.workspace.isTrusted)
    ctx.log.info(
      'Restricted mode: the map and diagnostics work; workers and failed messages need a trusted workspace.',
    );
  ctx.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      ctx.log.info('The workspace is trusted now: workers and failed messages are available.');
      onTrusted();
    }),
  );
}
