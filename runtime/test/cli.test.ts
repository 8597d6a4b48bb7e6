import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempProject } from './support/tempProject.js';

const bin = join(import.meta.dirname, '../bin/messenger.js');
const fixture = (name: string): string => join(import.meta.dirname, 'fixtures', name);

/** Runs the real `messenger` command (the built CLI; `npm test` builds first). */
function messenger(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
    timeout: 60_000,
  });
  if (result.error) throw new Error(`messenger ${args.join(' ')} did not finish: ${result.error.message}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('messenger CLI', () => {
  it('debug prints every bus, message and handler, as debug:messenger does', () => {
    const { status, stdout } = messenger(fixture('cli-app'), 'debug');
    assert.equal(status, 0);
    assert.match(
      stdout,
      /^\nMessenger\n=========\n\ncommand\.bus\n-----------\n\n The following messages can be dispatched:\n/,
    );
    assert.match(stdout, / {2}Shipped +\n {6}handled by ShippedHandler \(when from_transport=async, priority=5\) +\n/);
    assert.match(
      stdout,
      /query\.bus\n---------[\s\S]*CountOrders +\n {6}handled by OrderQueries::count \(when bus=query\.bus, method=count\)/,
    );
    assert.doesNotMatch(stdout.split('query.bus')[0]!, /CountOrders/, 'a handler with `bus` is only on that bus');
  });

  it('debug <bus> --format json prints the mapping of that bus', () => {
    const { status, stdout } = messenger(fixture('cli-app'), 'debug', 'query.bus', '--format', 'json');
    assert.equal(status, 0);
    assert.deepEqual(JSON.parse(stdout), {
      version: 1,
      buses: [
        {
          name: 'query.bus',
          messages: [
            {
              message: 'Shipped',
              handlers: [{ handler: 'ShippedHandler', options: { from_transport: 'async', priority: 5 } }],
            },
            {
              message: 'CountOrders',
              handlers: [{ handler: 'OrderQueries::count', options: { bus: 'query.bus', method: 'count' } }],
            },
          ],
        },
      ],
    });
  });

  it('an unknown bus is an error message, not a stack trace', () => {
    const { status, stdout, stderr } = messenger(fixture('cli-app'), 'debug', 'event.bus');
    assert.equal(status, 1);
    assert.equal(stdout, '');
    assert.match(stderr, /\[ERROR\] Bus "event\.bus" does not exist\. Known buses are "command\.bus", "query\.bus"\./);
    assert.doesNotMatch(stderr, /at .*\.js:\d+/);
  });

  it('an unsupported --format is a one-line usage error on every command, not a stack trace', () => {
    for (const args of [
      ['debug', '--format', 'xml'],
      ['failed:show', '--format=xml'],
      ['stop-workers', '--format', 'yaml'],
      ['consume', 'async', '--format', 'xml'],
      ['stats', '--format', 'JSON'],
      ['setup-transports', '--format', 'csv'],
    ]) {
      const { status, stdout, stderr } = messenger(fixture('cli-app'), ...args);
      const format = args.at(-1)!.replace('--format=', '');
      assert.equal(status, 1, args.join(' '));
      assert.equal(stdout, '');
      assert.match(
        stderr,
        new RegExp(
          `^error: option '--format <format>' argument '${format}' is invalid\\. The "${format}" format is not supported: use "txt" or "json"\\.\n`,
        ),
        args.join(' '),
      );
      assert.doesNotMatch(stderr, /at .*\.js:\d+/);
    }
  });

  it('stop-workers works without loading the application, even a broken one', () => {
    const dir = tempProject({
      'package.json': '{"type":"module"}',
      'src/messenger.ts': "throw new Error('the app no longer boots');\n",
    });
    const before = Date.now();
    const { status, stdout, stderr } = messenger(join(dir, 'src'), 'stop-workers', '--format', 'json');
    assert.equal(status, 0, stderr);
    const { signalFile } = JSON.parse(stdout) as { signalFile: string };
    assert.equal(
      signalFile,
      join(dir, 'var', 'messenger', 'restart_requested_timestamp'),
      'under the project directory (the nearest package.json), from a subdirectory too',
    );
    assert.ok(Number(readFileSync(signalFile, 'utf8')) >= before);
    assert.doesNotMatch(stderr, /no longer boots/);
    // Commands that need the application still report it as broken.
    assert.match(messenger(dir, 'debug').stderr, /the app no longer boots/);
  });

  it('a config error names the file, line and column; in JSON mode it is JSON', () => {
    const text = messenger(fixture('cli-broken-config'), 'debug');
    assert.equal(text.status, 1);
    assert.match(
      text.stderr,
      /\[ERROR\] Invalid messenger configuration: .*config\/packages\/messenger\.yaml:6:36: Invalid routing for "App\\Message\\Shipped": Unknown transport "asnyc" \(did you mean "async"\?\)/,
    );
    const json = messenger(fixture('cli-broken-config'), 'debug', '--format', 'json');
    assert.equal(json.status, 1);
    const { error } = JSON.parse(json.stdout) as {
      error: { class: string; problems: Array<{ code: string; location: { line: number; column: number } }> };
    };
    assert.equal(error.class, 'InvalidConfigurationException');
    assert.deepEqual(
      error.problems.map((p) => [p.code, p.location.line, p.location.column]),
      [['unknown-transport', 6, 36]],
    );
  });

  it('explains how it looks for the application when there is none', () => {
    const { status, stderr } = messenger(fixture('cli-no-app'), 'debug');
    assert.equal(status, 1);
    assert.match(
      stderr,
      /No messenger application found in .*cli-no-app\..*Create src\/messenger\.ts, set "messenger": \{ "app": "…" \} in package\.json, set MESSENGER_APP, or pass --app <file>\./s,
    );
  });

  it('keeps stdout for the JSON when the application prints: its output goes to stderr', () => {
    const { status, stdout, stderr } = messenger(fixture('cli-chatty-app'), 'debug', '--format', 'json');
    assert.equal(status, 0, stderr);
    assert.equal((JSON.parse(stdout) as { buses: unknown[] }).buses.length, 1);
    assert.match(stderr, /booting the chatty app…/);
    const text = messenger(fixture('cli-chatty-app'), 'debug');
    assert.match(text.stdout, /^booting the chatty app…\n/, 'in text mode nothing moves');
  });

  it('finds the application with --app and with MESSENGER_APP', () => {
    const viaOption = messenger(
      fixture('cli-no-app'),
      '--app',
      '../cli-app/src/messenger.ts',
      'debug',
      '--format',
      'json',
    );
    assert.equal(viaOption.status, 0, viaOption.stderr);
    assert.equal((JSON.parse(viaOption.stdout) as { buses: unknown[] }).buses.length, 2);
    const viaEnv = spawnSync(process.execPath, [bin, 'debug', '--format', 'json'], {
      cwd: fixture('cli-no-app'),
      encoding: 'utf8',
      env: { ...process.env, MESSENGER_APP: '../cli-app/src/messenger.ts' },
      timeout: 60_000,
    });
    assert.equal(viaEnv.status, 0, viaEnv.stderr);
  });
});
