/**
 * Failed messages in a real VS Code: a message the worker could not handle reaches the failure
 * transport and the Failed Messages view (and the status bar); its panel (a webview, under its
 * CSP) shows the body, the error, the trace and the redeliveries; Retry, once the SMS gateway is
 * back, handles it and the count drops to zero.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PanelSnapshot } from '../../src/views/failedMessagePanel';
import { dispatchSms, eventually, serverStarted, smsGateway, snapshot, tree } from './support';

export function failedTests(): void {
  suite('Failed messages', () => {
    suiteSetup(serverStarted);

    test('a message that failed its retries is listed under its failure transport', async () => {
      smsGateway(false);
      await dispatchSms(1);
      // One attempt and one retry (the fixture's max_retries: 1), then the failure transport.
      await vscode.commands.executeCommand('messenger.startWorker', { transports: ['async'], sleep: 0.1, limit: 2 });
      const failed = await eventually(
        'the failed message in the view',
        async () => {
          const [transport] = await tree('messenger.failed');
          return transport?.description === '1 failed message' && transport.children?.[0]?.label === 'SmsNotification'
            ? transport
            : undefined;
        },
        30_000,
        () => tree('messenger.failed'),
      );
      assert.equal(failed.label, 'failed');
      const message = failed.children![0]!;
      assert.match(message.description ?? '', /^#\d+ · just now · .*SMS gateway unavailable \(HTTP 503\)$/);
      assert.equal(message.contextValue, 'failedMessage');
      await eventually('the failed count in the status bar', async () =>
        /\$\(error\) 1/.test((await snapshot()).statusBar.text) ? true : undefined,
      );
    });

    test('its panel shows the body, the error with its trace, and the redelivery history', async () => {
      const [transport] = await tree('messenger.failed');
      const message = transport!.children![0]!;
      await vscode.commands.executeCommand('messenger.test.click', 'messenger.failed', message.id);
      const panel = await eventually(
        'the panel drawn by its webview',
        async () => {
          const state = await vscode.commands.executeCommand<PanelSnapshot>('messenger.test.panel');
          return state?.rendered?.id === message.data?.['id'] ? state : undefined;
        },
        30_000,
        () => vscode.commands.executeCommand('messenger.test.panel'),
      );
      assert.equal(panel.title, `SmsNotification #${String(message.data?.['id'])}`);
      const text = panel.rendered!.text;
      for (const expected of [
        'Error: SMS gateway unavailable (HTTP 503)',
        'at SmsGateway.send',
        'Redelivery history',
        'Retry #1',
        '"phoneNumber": "+33600000001"',
        'Failed on',
        'async',
        // Defect 8: the transport named as a name, not read as "failure transport failed".
        'in the failure transport "failed"',
      ]) {
        assert.ok(text.includes(expected), `the panel does not show ${expected}:\n${text}`);
      }
    });

    test('Retry, with the gateway back, handles it and the count drops to zero', async () => {
      smsGateway(true);
      await vscode.commands.executeCommand('messenger.test.panelMessage', { type: 'retry' });
      const panel = await vscode.commands.executeCommand<PanelSnapshot>('messenger.test.panel');
      await eventually(
        'the panel to report the retry',
        async () => {
          const state = await vscode.commands.executeCommand<PanelSnapshot>('messenger.test.panel');
          return state?.rendered?.text.includes('Retry: 1 handled') ? true : undefined;
        },
        30_000,
        () => vscode.commands.executeCommand('messenger.test.panel'),
      );
      assert.ok(panel?.open);
      await eventually(
        'no failed message left',
        async () => {
          const [transport] = await tree('messenger.failed');
          return transport?.description === '0 failed messages' &&
            transport.children?.[0]?.label === 'No failed messages'
            ? true
            : undefined;
        },
        30_000,
        () => tree('messenger.failed'),
      );
      await eventually('the status bar without failed messages', async () =>
        /\$\(error\)/.test((await snapshot()).statusBar.text) ? undefined : true,
      );
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });
  });
}
