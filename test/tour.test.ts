/**
 * README's "A tour", followed as a newcomer would: an empty folder outside the repository, the
 * set-up commands, every file the tour shows, then dispatch → consume → failed:show →
 * failed:retry. Everything comes from README.md itself; only `/path/to/messenger-ts` is
 * replaced by this repository. npm reaches the registry for tsx (from its cache when it can).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cleanEnv } from '../client/test/harness/tools.ts';
import { ROOT } from './support/fixtures.js';
import { codeBlocks, commandsOf, fileOf, readmeSection } from './support/readme.js';

const blocks = codeBlocks(readmeSection('A tour'));
const shell = blocks.filter((b) => b.lang === 'sh');
const files = blocks.filter((b) => b.lang !== 'sh');
const parent = mkdtempSync(join(tmpdir(), 'messenger-tour-'));
const env = { ...cleanEnv(), NO_COLOR: '1', npm_config_prefer_offline: 'true', npm_config_fund: 'false' };

interface Run {
  readonly status: number | null;
  readonly output: string;
}

function sh(script: string, cwd: string): Run {
  const run = spawnSync('bash', ['-e', '-c', script.replaceAll('/path/to/messenger-ts', ROOT)], {
    cwd,
    env,
    encoding: 'utf8',
    timeout: 5 * 60_000,
  });
  assert.equal(run.error, undefined, `\`${script}\` did not finish: ${run.error?.message}`);
  return { status: run.status, output: run.stdout + run.stderr };
}

describe("README's tour, in a project of one's own", () => {
  let project = '';
  before(() => {
    assert.equal(shell.length, 2, 'the tour has a set-up block and a block of commands to run');
    const setup = sh(shell[0]!.code, parent);
    assert.equal(setup.status, 0, setup.output);
    project = join(parent, 'sms-app');
  });
  after(() => rmSync(parent, { recursive: true, force: true }));

  it('names a file for every snippet, and the package is linked from the clone', () => {
    const paths = files.map(fileOf);
    assert.deepEqual(paths, [
      'src/Message/SmsNotification.ts',
      'src/MessageHandler/SmsNotificationHandler.ts',
      'src/messenger.ts',
      'config/packages/messenger.yaml',
      '.env',
      'src/dispatch.ts',
      'tsconfig.json',
    ]);
    for (const block of files) {
      const path = join(project, fileOf(block)!);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, block.code);
    }
    const manifest = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(manifest['type'], 'module');
    assert.deepEqual(Object.keys(manifest['dependencies'] as object), ['@messenger-ts/runtime']);
    assert.deepEqual(Object.keys(manifest['devDependencies'] as object), ['tsx']);
  });

  it('dispatches, fails, retries, parks the SMS in "failed", shows it and retries it', () => {
    const commands = commandsOf(shell[1]!);
    assert.deepEqual(
      commands.map((c) =>
        c
          .replace(/^\w+=\w+ /, '')
          .split(' ')
          .slice(0, 3)
          .join(' '),
      ),
      ['npx tsx src/dispatch.ts', 'npx messenger consume', 'npx messenger failed:show', 'npx messenger failed:retry'],
    );
    const [dispatch, consume, show, retry] = commands.map((command) => ({ command, ...sh(command, project) }));
    for (const step of [dispatch, consume, show, retry])
      assert.equal(step!.status, 0, `${step!.command}\n${step!.output}`);
    assert.match(
      consume!.output,
      /Sending for retry #1 using \d+ ms delay\. Error: "Handling "SmsNotification" failed: SMS gateway unavailable \(HTTP 503\)"/,
    );
    assert.match(consume!.output, /Sending for retry #2/);
    assert.match(consume!.output, /Rejected message SmsNotification will be sent to the failure transport failed/);
    assert.match(show!.output, /SmsNotification +\S+ \S+ +SMS gateway unavailable \(HTTP 503\)/);
    assert.match(retry!.output, /SMS to \+33600000000: Hi!/);
    const empty = sh('npx messenger failed:show', project);
    assert.equal(empty.status, 0, empty.output);
    assert.doesNotMatch(empty.output, /SmsNotification/);
  });
});
