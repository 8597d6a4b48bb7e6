/**
 * A client without a file watcher (Neovim's default): the server watches the workspace on disk
 * itself, and the diagnostics of files nobody opened follow what happens to them.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LspTestClient } from './support/lspClient.js';

const FIXTURE = fileURLToPath(new URL('../../test/fixtures/quick-fixes', import.meta.url));

describe('diagnostics of the whole workspace follow the disk', () => {
  let dir: string;
  let client: LspTestClient;
  const codes = (file: string) => (client.diagnostics.get(client.uri(join(dir, file))) ?? []).map((d) => d.code);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'messenger-disk-'));
    cpSync(FIXTURE, dir, { recursive: true });
    client = await LspTestClient.start(dir);
    const logs: string[] = [];
    client.connection.onNotification('window/logMessage', (params: { message: string }) => {
      logs.push(params.message);
    });
    await client.model();
    // Changes made before the watcher has listed the folders would go unseen.
    await client.waitFor(
      () => logs.some((message) => message.startsWith('messenger: watching ')),
      15_000,
      'the server to report it watches the disk',
    );
  });
  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes every file of the project at start, opened or not', () => {
    assert.deepEqual(codes('src/MessageHandler/GetStockHandler.ts'), ['unknown-handler-bus']);
    assert.deepEqual(codes('config/packages/messenger.yaml'), ['env-not-found', 'unknown-transport']);
  });

  it('a file saved by another tool is analysed again', async () => {
    const file = join(dir, 'src/MessageHandler/GetStockHandler.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace("'qeury.bus'", "'query.bus'"));
    await client.waitFor(
      () => codes('src/MessageHandler/GetStockHandler.ts').length === 0,
      15_000,
      'the unknown-handler-bus of GetStockHandler.ts to go once fixed on disk',
    );
  });

  it('a new file is read, and a deleted one forgotten', async () => {
    const file = join(dir, 'src/MessageHandler/AuditHandler.ts');
    writeFileSync(
      file,
      [
        "import { AsMessageHandler } from '@messenger-ts/runtime';",
        "import { SendReceipt } from '../Message/SendReceipt.js';",
        '',
        "@AsMessageHandler(SendReceipt, { bus: 'audit.bus' })",
        'export class AuditHandler {',
        '  __invoke(message: SendReceipt): void {',
        '    void message;',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    await client.waitFor(
      () => codes('src/MessageHandler/AuditHandler.ts').includes('unknown-handler-bus'),
      15_000,
      'the diagnostics of a file created on disk',
    );
    unlinkSync(file);
    await client.waitFor(
      () => codes('src/MessageHandler/AuditHandler.ts').length === 0,
      15_000,
      'the diagnostics of a deleted file to be cleared',
    );
  });

  it('.env and messenger.yaml changed on disk change the config diagnostics', async () => {
    writeFileSync(join(dir, '.env'), `${readFileSync(join(dir, '.env'), 'utf8')}MAILER_TRANSPORT_DSN=in-memory://\n`);
    await client.waitFor(
      () => !codes('config/packages/messenger.yaml').includes('env-not-found'),
      15_000,
      'env-not-found to go once the variable is in .env',
    );
    const yaml = join(dir, 'config/packages/messenger.yaml');
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace(': asnyc', ': async'));
    await client.waitFor(
      () => codes('config/packages/messenger.yaml').length === 0,
      15_000,
      'unknown-transport to go once messenger.yaml is fixed on disk',
    );
  });
});
