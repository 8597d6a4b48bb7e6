/**
 * The Messenger map in a real VS Code: the buses, messages and handlers of the fixture from the
 * language server's model, the transports with their DSNs and queued counts, a diagnostic badge,
 * a click that opens the code, and a redraw when messenger.yaml changes (masked credentials).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually, rowAt, serverStarted, tree, withUnsavedLine, workspaceFile } from './support';

export function mapTests(): void {
  suite('Messenger map', () => {
    suiteSetup(serverStarted);

    test('shows buses → messages → handlers, with handler options in run order', async () => {
      const roots = await eventually('the map to show the buses', async () => {
        const nodes = await tree('messenger.map');
        return rowAt(nodes, ['Buses', 'event.bus', 'OrderPlaced']) ? nodes : undefined;
      });
      assert.match(rowAt(roots, ['Buses', 'command.bus'])?.description ?? '', /^default · 1 message/);
      assert.equal(rowAt(roots, ['Buses', 'command.bus', 'SmsNotification'])?.description, '→ async');
      assert.equal(
        rowAt(roots, ['Buses', 'command.bus', 'SmsNotification', 'SmsNotificationHandler'])?.description,
        'from async',
      );
      const handlers = rowAt(roots, ['Buses', 'event.bus', 'OrderPlaced'])?.children?.map(
        (h) => `${h.label}: ${h.description}`,
      );
      assert.deepEqual(handlers?.slice(0, 2), [
        'OrderPlacedHandlers::reserveStock: priority 10',
        'OrderPlacedHandlers::sendConfirmation: ',
      ]);
    });

    test("shows the server's diagnostic as a badge on the handler and up the tree", async () => {
      const audit = await eventually('the warning badge on AuditHandler', async () => {
        const row = rowAt(await tree('messenger.map'), ['Buses', 'event.bus', 'OrderPlaced', 'AuditHandler']);
        return row?.icon === 'warning' ? row : undefined;
      });
      assert.match(audit.description ?? '', /not registered.*⚠ 1/);
      assert.match(audit.tooltip ?? '', /warning: AuditHandler is decorated with @AsMessageHandler but not listed/);
      const roots = await tree('messenger.map');
      assert.match(rowAt(roots, ['Buses', 'event.bus'])?.description ?? '', /⚠ 1/);
      assert.match(rowAt(roots, ['Problems'])?.description ?? '', /1 warning/);
    });

    test('shows transports with their DSN, queued count, failure transport and routes', async () => {
      const roots = await eventually(
        'queued counts on the transports',
        async () => {
          const nodes = await tree('messenger.map');
          return /queued/.test(rowAt(nodes, ['Transports', 'async'])?.description ?? '') ? nodes : undefined;
        },
        30_000,
      );
      assert.match(
        rowAt(roots, ['Transports', 'async'])?.description ?? '',
        /^\d+ queued(, oldest [^·]+)? · sqlite:\/\/var\/messenger\.db$/,
      );
      assert.match(
        rowAt(roots, ['Transports', 'failed'])?.description ?? '',
        /^\d+ queued(, oldest [^·]+)? · failure transport · sqlite:\/\/var\/messenger\.db\?queue_name=failed$/,
      );
      assert.equal(rowAt(roots, ['Transports', 'async', 'SmsNotification'])?.description, 'by its routing rule');
      assert.equal(rowAt(roots, ['Transports', 'sync'])?.description, 'sync://');
    });

    test('clicking a handler opens its code', async () => {
      const row = rowAt(await tree('messenger.map'), [
        'Buses',
        'command.bus',
        'SmsNotification',
        'SmsNotificationHandler',
      ]);
      assert.ok(row);
      await vscode.commands.executeCommand('messenger.test.click', 'messenger.map', row.id);
      const editor = await eventually('the handler file in an editor', () => {
        const active = vscode.window.activeTextEditor;
        return active?.document.uri.fsPath.endsWith('SmsNotificationHandler.ts') ? active : undefined;
      });
      assert.match(editor.document.lineAt(editor.selection.start.line).text, /@AsMessageHandler\(SmsNotification/);
    });

    test("redraws when messenger.yaml changes, with the new DSN's password masked", async () => {
      const config = workspaceFile('config', 'packages', 'messenger.yaml');
      await withUnsavedLine(
        config,
        "sync: 'sync://'",
        "            audit: 'redis://app:s3cret@localhost:6379/audit'",
        async () => {
          const audit = await eventually('the new transport in the map', async () =>
            rowAt(await tree('messenger.map'), ['Transports', 'audit']),
          );
          assert.match(audit.description ?? '', /^redis:\/\/app:\*\*\*\*@localhost:6379\/audit/);
          assert.ok(
            !JSON.stringify(await tree('messenger.map')).includes('s3cret'),
            'the password shows somewhere in the map',
          );
        },
      );
      await eventually('the transport gone after the revert', async () =>
        rowAt(await tree('messenger.map'), ['Transports', 'audit']) === undefined ? true : undefined,
      );
    });
  });
}
