/**
 * Quick-fixes in a real VS Code: a message dispatched with no handler (written into the
 * workspace by the test), the "Create handler" fix asked for as Ctrl+. asks (code actions of the
 * diagnostic's range, resolved), its edit applied and saved: the new handler file type-checks
 * with the project's TypeScript and the diagnostic disappears. The screenshot scenario shows the
 * quick-fix menu on the same probe (docs/messenger-quick-fix.png).
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { shot } from './screenshots';
import { eventually, serverStarted, tree, workspaceDir, workspaceFile } from './support';

const PROBE = ['src', 'Controller', 'StockController.ts'];
const MESSAGE = ['src', 'Message', 'ReserveStock.ts'];
const HANDLER = ['src', 'MessageHandler', 'ReserveStockHandler.ts'];

/** A dispatch of a message nobody handles, as a user would have typed it; returns the missing-handler diagnostic. */
async function probe(): Promise<{ uri: vscode.Uri; diagnostic: vscode.Diagnostic }> {
  mkdirSync(join(workspaceDir(), 'src', 'Controller'), { recursive: true });
  writeFileSync(
    workspaceFile(...MESSAGE).fsPath,
    'export class ReserveStock {\n  constructor(readonly sku: string) {}\n}\n',
  );
  writeFileSync(
    workspaceFile(...PROBE).fsPath,
    [
      "import app from '../messenger.js';",
      "import { ReserveStock } from '../Message/ReserveStock.js';",
      '',
      'export async function reserve(sku: string): Promise<void> {',
      '  const messenger = await app;',
      '  await messenger.bus.dispatch(new ReserveStock(sku));',
      '}',
      '',
    ].join('\n'),
  );
  const uri = workspaceFile(...PROBE);
  // Code actions are asked of an open document, as with the cursor in it.
  await vscode.window.showTextDocument(uri);
  const diagnostic = await eventually(
    'the missing-handler diagnostic of the probe',
    () => vscode.languages.getDiagnostics(uri).find((d) => codeOf(d) === 'missing-handler'),
    30_000,
    () => vscode.languages.getDiagnostics(uri).map((d) => d.message),
  );
  return { uri, diagnostic };
}

function removeProbe(): void {
  for (const file of [PROBE, MESSAGE, HANDLER]) rmSync(workspaceFile(...file).fsPath, { force: true });
}

export function quickFixTests(): void {
  suite('Quick-fixes', () => {
    suiteSetup(serverStarted);

    test('"Create handler" writes a handler file that compiles, and the missing-handler diagnostic disappears', async () => {
      const { uri, diagnostic } = await probe();
      const bootstrap = workspaceFile('src', 'messenger.ts');
      const bootstrapBefore = readFileSync(bootstrap.fsPath, 'utf8');
      try {
        const actions = await step('asking the code actions', () =>
          vscode.commands.executeCommand<vscode.CodeAction[]>(
            'vscode.executeCodeActionProvider',
            uri,
            diagnostic.range,
            vscode.CodeActionKind.QuickFix.value,
            10,
          ),
        );
        const create = actions.find((a) => a.title.startsWith('Create ReserveStockHandler for ReserveStock'));
        assert.ok(create, `no Create handler action among ${JSON.stringify(actions.map((a) => a.title))}`);
        assert.ok(create.edit, 'the action was resolved with its edit');
        const edit = create.edit;
        assert.ok(await step('applying the edit', () => vscode.workspace.applyEdit(edit)), 'VS Code applied the edit');
        const handler = workspaceFile(...HANDLER);
        // Each document saved (code-server's saveAll leaves a file the edit created dirty).
        for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty))
          assert.ok(await step(`saving ${document.uri.fsPath}`, () => document.save()), `${document.uri.fsPath} saved`);
        assert.ok(existsSync(handler.fsPath), 'the handler file exists on disk');
        assert.match(readFileSync(handler.fsPath, 'utf8'), /@AsMessageHandler\(ReserveStock[,)]/);
        assert.match(readFileSync(bootstrap.fsPath, 'utf8'), /ReserveStockHandler/);
        await eventually(
          'the missing-handler diagnostic to disappear',
          () => (vscode.languages.getDiagnostics(uri).some((d) => codeOf(d) === 'missing-handler') ? undefined : true),
          30_000,
          () => vscode.languages.getDiagnostics(uri).map((d) => d.message),
        );
        const errors = await typeErrors();
        assert.deepEqual(
          errors.filter((line) => /ReserveStock|messenger\.ts/.test(line)),
          [],
          `tsc reports errors in the fixed files:\n${errors.join('\n')}`,
        );
      } finally {
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        writeFileSync(bootstrap.fsPath, bootstrapBefore);
        removeProbe();
        // The suites after this one see the workspace as it was: the map forgets the probe.
        await eventually(
          'the map without the probe',
          async () => (JSON.stringify(await tree('messenger.map')).includes('ReserveStock') ? undefined : true),
          30_000,
        );
      }
    });
  });
}

/** Names the step that failed (VS Code's errors say only "Canceled" or "Illegal argument"). */
async function step<T>(what: string, work: () => Thenable<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new Error(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The quick-fix menu on the probe's diagnostic, for the README. */
export function quickFixScreenshot(): void {
  suite('README screenshots', () => {
    test('the quick-fix menu on a message without handler', async function () {
      this.timeout(120_000);
      await serverStarted();
      const { uri, diagnostic } = await probe();
      try {
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        await vscode.commands.executeCommand('workbench.action.closeSidebar');
        const editor = await vscode.window.showTextDocument(uri);
        editor.selection = new vscode.Selection(diagnostic.range.start, diagnostic.range.start);
        // The command acts on the focused editor: give it the focus, and the lightbulb time to appear.
        await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
        await new Promise((resolve) => setTimeout(resolve, 1500));
        await vscode.commands.executeCommand('editor.action.quickFix');
        // The menu opens once the server has answered; it floats over the workbench, outside the editor part.
        await new Promise((resolve) => setTimeout(resolve, 1500));
        await shot('messenger-quick-fix', '!.monaco-workbench');
      } finally {
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        removeProbe();
      }
    });
  });
}

/** The project's own TypeScript over the workspace: its error lines (none expected in what the fix wrote). */
function typeErrors(): Promise<string[]> {
  const tsc = join(workspaceDir(), 'node_modules', '.bin', 'tsc');
  return new Promise((resolve) => {
    execFile(tsc, ['-p', workspaceDir(), '--noEmit'], { cwd: workspaceDir(), timeout: 60_000 }, (error, stdout) => {
      const lines = stdout.split('\n').filter((line) => /error TS\d+/.test(line));
      if (error && lines.length === 0 && (error as { code?: unknown }).code !== 2)
        resolve([`tsc did not run: ${error.message}`]);
      else resolve(lines);
    });
  });
}

function codeOf(diagnostic: vscode.Diagnostic): string | number | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' ? code.value : code;
}
