/**
 * The README's pictures, taken on a copy of the example app (`cli.ts run --workspace
 * examples/app --screenshots docs`): a few SMS fail and reach the failure transport, more wait
 * in the queue, a worker handles them once the gateway is back; then each view, alone in the
 * side bar, and the failed-message panel are captured. The suite prints a marker line; the
 * harness, which owns the browser, saves the part of the page it names; the suite waits for the
 * file. This scenario runs only when screenshots are asked for, instead of the tests.
 */
import { execFile } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { PanelSnapshot } from '../../src/views/failedMessagePanel';
import { hoverText } from './editor.test';
import { SCREENSHOT_MARKER } from './suiteProtocol';
import { eventually, rowAt, serverStarted, smsGateway, snapshot, tree, workspaceDir } from './support';

export function screenshotDir(): string | undefined {
  return process.env['MESSENGER_SCREENSHOT_DIR'] || undefined;
}

const VIEWS = ['messenger.map', 'messenger.workers', 'messenger.throughput', 'messenger.failed'] as const;

export function readmeScreenshots(): void {
  suite('README screenshots', () => {
    // The copy lives outside the repository, where the app's `extends: ../../tsconfig.json` cannot resolve.
    suiteSetup(() => {
      writeFileSync(
        join(workspaceDir(), 'tsconfig.json'),
        JSON.stringify(
          {
            compilerOptions: {
              target: 'ES2022',
              module: 'NodeNext',
              moduleResolution: 'NodeNext',
              strict: true,
              skipLibCheck: true,
              noEmit: true,
            },
            include: ['src'],
          },
          null,
          2,
        ),
      );
    });

    test('the three views and the failed-message panel, on the example app', async function () {
      this.timeout(180_000);
      await serverStarted();
      await eventually('the map', async () => rowAt(await tree('messenger.map'), ['Buses', 'event.bus']), 30_000);

      smsGateway(false);
      await dispatchSms(3, 0);
      await vscode.commands.executeCommand('messenger.startWorker', { transports: ['async'], limit: 9, sleep: 0.2 });
      await eventually(
        'three failed messages',
        async () => ((await tree('messenger.failed'))[0]?.description === '3 failed messages' ? true : undefined),
        60_000,
        () => tree('messenger.failed'),
      );
      await dispatchSms(2, 3);
      await vscode.commands.executeCommand('messenger.refreshMap');
      await eventually(
        '2 queued on async',
        async () =>
          /2 queued/.test(rowAt(await tree('messenger.map'), ['Transports', 'async'])?.description ?? '')
            ? true
            : undefined,
        30_000,
      );

      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
      await vscode.commands.executeCommand('workbench.action.closePanel');
      await vscode.commands.executeCommand('workbench.view.extension.messenger');
      await only('messenger.map');
      // A wider side bar than the default, so descriptions (DSNs, counts) are not cut: the
      // resize commands act on the focused part, so the editor area gives up the width.
      await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
      for (let i = 0; i < 4; i++) await vscode.commands.executeCommand('workbench.action.decreaseViewWidth');
      for (const bus of ['command.bus', 'query.bus', 'event.bus']) await reveal('messenger.map', `bus:${bus}`, 2);
      await reveal('messenger.map', 'transport:async', 1);
      await shot('messenger-map', '.part.sidebar');

      smsGateway(true);
      await vscode.commands.executeCommand('messenger.startWorker', { transports: ['async'], sleep: 0.5 });
      await eventually(
        'the second worker to handle the queued SMS',
        async () => ((await snapshot()).workers.some((w) => w.handled >= 2) ? true : undefined),
        30_000,
      );
      await only('messenger.workers', 'messenger.throughput');
      // A live worker's row ticks its uptime each second: show a few seconds of it, not 0s.
      await eventually(
        'a few seconds of uptime',
        async () =>
          (await tree('messenger.workers'))[0]?.children?.some((w) => /· ([3-9]|\d{2,})s$/.test(w.description ?? ''))
            ? true
            : undefined,
        15_000,
      );
      await eventually(
        'the throughput charts',
        async () => (((await snapshot()).throughput?.rendered?.charts ?? 0) >= 2 ? true : undefined),
        20_000,
      );
      await reveal('messenger.workers', 'transport:async', 1);
      await shot('messenger-workers', '!.part.sidebar');

      await only('messenger.failed');
      // A search looks at every failed message, in their errors and bodies.
      await vscode.commands.executeCommand('messenger.failed.search', 'order #1002');
      await eventually(
        'the failed messages that match the search',
        async () =>
          /^1 of \d+ failed messages · "order #1002"/.test((await tree('messenger.failed'))[0]?.description ?? '')
            ? true
            : undefined,
        30_000,
        () => tree('messenger.failed'),
      );
      await shot('messenger-failed', '.part.sidebar');

      const [failed] = await tree('messenger.failed');
      const first = failed!.children!.find((row) => row.contextValue === 'failedMessage')!;
      await vscode.commands.executeCommand('messenger.test.click', 'messenger.failed', first.id);
      await eventually(
        'the panel',
        async () =>
          (await vscode.commands.executeCommand<PanelSnapshot>('messenger.test.panel'))?.rendered ? true : undefined,
        30_000,
      );
      await shot('messenger-failed-panel', '.part.editor');
      await vscode.commands.executeCommand('messenger.stopAllWorkers', 'ours');
    });

    test('a hover on a message class', async function () {
      this.timeout(60_000);
      await serverStarted();
      const uri = vscode.Uri.file(join(workspaceDir(), 'src', 'Message', 'SmsNotification.ts'));
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
      const editor = await vscode.window.showTextDocument(uri);
      const position = new vscode.Position(0, 16);
      await eventually('the Messenger hover', () => hoverText(uri, position), 30_000);
      editor.selection = new vscode.Selection(position, position);
      await vscode.commands.executeCommand('editor.action.showHover');
      await shot('messenger-hover', '.part.editor');
    });
  });
}

/** Shows these Messenger views alone in the side bar (each view's `<id>.toggleVisibility`). */
async function only(...views: Array<(typeof VIEWS)[number]>): Promise<void> {
  const view = views[0]!;
  for (const id of VIEWS) {
    const visible = visibleViews.has(id);
    if (views.includes(id) !== visible) {
      await vscode.commands.executeCommand(`${id}.toggleVisibility`);
      if (visible) visibleViews.delete(id);
      else visibleViews.add(id);
    }
  }
  await vscode.commands.executeCommand(`${view}.focus`);
}

const visibleViews = new Set<string>(VIEWS);

async function reveal(view: string, id: string, levels: number): Promise<void> {
  await vscode.commands.executeCommand('messenger.test.reveal', view, id, levels);
}

export async function shot(name: string, selector: string): Promise<void> {
  const dir = screenshotDir();
  if (dir === undefined) throw new Error('no screenshot folder (MESSENGER_SCREENSHOT_DIR)');
  // The workbench draws asynchronously after the last command: let two frames pass, then a settle delay for the tree's icons.
  await new Promise((resolve) => setTimeout(resolve, 800));
  const file = join(dir, `${name}.png`);
  rmSync(file, { force: true }); // from an earlier run: the harness writes it anew
  console.log(`${SCREENSHOT_MARKER} ${name} ${selector}`);
  await eventually(`the harness to write ${file}`, () => (existsSync(file) ? true : undefined), 15_000);
}

/** The example app has no dispatch script: a few lines of it, run by the machine's Node with tsx. */
function dispatchSms(count: number, from: number): Promise<void> {
  const code = `
    const { SmsNotification } = await import('./src/Message/SmsNotification.ts');
    const messenger = await (await import('./src/messenger.ts')).default;
    for (let i = ${from + 1}; i <= ${from + count}; i++) await messenger.dispatch(new SmsNotification('Your order #' + (1000 + i) + ' has shipped', '+3360000' + String(i).padStart(4, '0')));
    await messenger.close();`;
  return new Promise((resolve, reject) => {
    execFile(
      'node',
      ['--import', 'tsx', '--input-type=module', '-e', code],
      { cwd: workspaceDir(), timeout: 30_000 },
      (error, _stdout, stderr) =>
        error ? reject(new Error(`dispatching failed: ${stderr || error.message}`)) : resolve(),
    );
  });
}
