/**
 * `messenger stats --watch --format json` as a real process (what the editor's live views run):
 * a document at once, another when a message sent by another process arrives, and an exit as
 * soon as the process that started it goes away (its standard input, a pipe, ends).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { createMessenger, Envelope, type StatsJson } from '../../src/index.js';
import { Job } from '../fixtures/worker-app/src/messenger.js';
import { sqliteDatabase } from '../support/databases.js';
import { within } from '../support/deadline.js';
import { messengerYaml } from '../support/tempProject.js';
import { writeFileSync, mkdirSync } from 'node:fs';

const MAIN = join(import.meta.dirname, '../../src/cli/main.ts');
const APP = join(import.meta.dirname, '../fixtures/worker-app/src/messenger.ts');
const TSX = import.meta.resolve('tsx');

const db = sqliteDatabase();
after(() => db.cleanup());

it('prints the stats at once, again when another process sends a message, and exits when its stdin ends', async () => {
  mkdirSync(join(db.projectDir, 'config', 'packages'), { recursive: true });
  writeFileSync(
    join(db.projectDir, 'config', 'packages', 'messenger.yaml'),
    messengerYaml("transports:\n  async: '%env(MESSENGER_DSN)%'\n  sync: 'sync://'\nrouting:\n  Job: async"),
  );
  const dsn = db.dsn({ queue_name: 'watched' });
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', TSX, MAIN, '--app', APP, 'stats', '--watch', '--format', 'json'],
    { cwd: db.projectDir, env: { ...process.env, NO_COLOR: '1', MESSENGER_DSN: dsn }, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const documents: StatsJson[] = [];
  let buffered = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') documents.push(JSON.parse(line) as StatsJson);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = async (what: string, test: (d: StatsJson) => boolean): Promise<StatsJson> => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const found = documents.find(test);
      if (found !== undefined) return found;
      if (Date.now() > deadline)
        assert.fail(`timed out waiting for ${what}; got ${JSON.stringify(documents)}\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  try {
    const first = await waitFor('the first document', () => true);
    assert.deepEqual(
      first.transports.map((t) => [t.name, t.count, t.oldestAvailableAt, t.consumers]),
      [['async', 0, null, null]],
    );
    assert.deepEqual(first.uncountable, ['sync']);

    const sender = await createMessenger({
      projectDir: db.projectDir,
      messages: [Job],
      processEnv: { MESSENGER_DSN: dsn },
    });
    await sender.getTransport('async').send(Envelope.wrap(new Job('a')));
    await sender.getTransport('async').send(Envelope.wrap(new Job('b')));
    await sender.close();
    const after = await waitFor('the two messages sent by another process', (d) => d.transports[0]?.count === 2);
    assert.ok(!Number.isNaN(Date.parse(after.transports[0]!.oldestAvailableAt ?? '')));
    assert.notEqual(after.transports[0]!.revision, first.transports[0]!.revision);
  } finally {
    child.stdin.end();
  }
  assert.equal(await within(exited, 30_000, 'stats --watch to exit once its stdin ended'), 0, stderr);
});
