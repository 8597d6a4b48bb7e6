/**
 * Quick-fix latency through the real language server over stdio, on generated projects of
 * 1,000 and 2,500 messages (test/bench/support/generateProject.ts) with two mistakes added: a
 * command dispatched that nobody handles, and a routing rule naming a transport that does not
 * exist. For each size, 50 times each, timed from request to answer:
 *   - `textDocument/codeAction` on the missing-handler diagnostic (what Ctrl+. and the lightbulb ask);
 *   - `codeAction/resolve` of "Create handler" (ts-morph writes the file and the registration;
 *     the first one, which loads ts-morph's manipulation code, is shown apart);
 *   - `textDocument/codeAction` + `codeAction/resolve` of the YAML rename ("Change "asnyc" to "async"").
 * Baseline in the same run: `messenger/model` (the server's cheapest full answer). Goal: p95 of
 * codeAction under 50 ms.
 */
import { existsSync, rmSync, writeFileSync, appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../../server/test/support/lspClient.js';
import { generateProject } from './support/generateProject.js';

const ROOT = join(import.meta.dirname, '..', '..');
const TMP = join(ROOT, 'test', '.tmp');
const SIZES = (process.env['BENCH_SIZES'] ?? '1000,2500').split(',').map(Number);
const RUNS = 50;

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

async function series<T>(work: () => Promise<T>, check: (value: T) => void): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const { ms, value } = await timed(work);
    check(value);
    out.push(ms);
  }
  return out;
}

const fmt = (values: readonly number[]): string =>
  `p50 ${percentile(values, 50).toFixed(1)} ms, p95 ${percentile(values, 95).toFixed(1)} ms`;

console.log('\n## Quick-fixes (code actions) over LSP');
for (const size of SIZES) {
  const project = generateProject(join(TMP, `bench-fixes-${size}`), size);
  mkdirSync(join(project.dir, 'src', 'Unhandled'), { recursive: true });
  writeFileSync(
    join(project.dir, 'src/Unhandled/ReserveStock.ts'),
    'export class ReserveStock {\n  constructor(readonly sku: string) {}\n}\n',
  );
  const controller = join(project.dir, 'src/Unhandled/StockController.ts');
  writeFileSync(
    controller,
    [
      "import app from '../messenger.js';",
      "import { ReserveStock } from './ReserveStock.js';",
      '',
      'export async function reserve(sku: string): Promise<void> {',
      '  const messenger = await app;',
      '  await messenger.bus.dispatch(new ReserveStock(sku));',
      '}',
      '',
    ].join('\n'),
  );
  const yaml = join(project.dir, 'config/packages/messenger.yaml');
  appendFileSync(yaml, "      'App\\Message\\Event1': asnyc\n");

  const client = await LspTestClient.start(
    project.dir,
    {},
    {
      textDocument: { codeAction: { resolveSupport: { properties: ['edit'] } } },
    },
  );
  try {
    await client.model();
    const find = (file: string, code: string): Diagnostic => {
      const found = client.diagnostics.get(client.uri(file))?.find((d) => d.code === code);
      if (found === undefined) throw new Error(`no ${code} in ${file}`);
      return found;
    };
    const missing = find(controller, 'missing-handler');
    const unknown = find(yaml, 'unknown-transport');
    const ask = (file: string, diagnostic: Diagnostic) => () =>
      client.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri: client.uri(file) },
        range: diagnostic.range,
        context: { diagnostics: [diagnostic] },
      }) as Promise<CodeAction[]>;
    const resolve = (action: CodeAction) => () =>
      client.connection.sendRequest('codeAction/resolve', action) as Promise<CodeAction>;
    const hasEdit = (a: CodeAction) => {
      if (a.edit === undefined) throw new Error(`no edit for ${a.title}`);
    };

    const model = await series(
      () => client.model(),
      () => {},
    );
    const list = await series(ask(controller, missing), (actions) => {
      if (!actions.some((a) => a.title.startsWith('Create ReserveStockHandler'))) throw new Error('no Create handler');
    });
    const create = (await ask(controller, missing)()).find((a) => a.title.startsWith('Create ReserveStockHandler'))!;
    const first = await timed(resolve(create));
    hasEdit(first.value);
    const resolveCreate = await series(resolve(create), hasEdit);
    const yamlList = await series(ask(yaml, unknown), (actions) => {
      if (!actions.some((a) => a.title === 'Change "asnyc" to "async"')) throw new Error('no rename');
    });
    const rename = (await ask(yaml, unknown)()).find((a) => a.title === 'Change "asnyc" to "async"')!;
    const resolveRename = await series(resolve(rename), hasEdit);

    console.log(
      `\n### ${size.toLocaleString('en-US')} messages and handlers (${project.files.toLocaleString('en-US')} files), ${RUNS} requests each`,
    );
    console.log(`  messenger/model (baseline)                         ${fmt(model)}`);
    console.log(`  codeAction on missing-handler (the list)           ${fmt(list)}`);
    console.log(
      `  resolve "Create handler" (ts-morph), first         ${first.ms.toFixed(1)} ms (loads the manipulation code)`,
    );
    console.log(`  resolve "Create handler" (ts-morph), then          ${fmt(resolveCreate)}`);
    console.log(`  codeAction on unknown-transport (messenger.yaml)   ${fmt(yamlList)}`);
    console.log(`  resolve "Change "asnyc" to "async""                ${fmt(resolveRename)}`);
    const worst = Math.max(percentile(list, 95), percentile(yamlList, 95));
    console.log(`  goal p95 of codeAction < 50 ms: ${worst < 50 ? 'met' : 'NOT met'} (${worst.toFixed(1)} ms)`);
  } finally {
    await client.stop();
    if (process.env['BENCH_KEEP'] !== '1' && existsSync(project.dir))
      rmSync(project.dir, { recursive: true, force: true });
  }
}
