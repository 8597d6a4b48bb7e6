import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createMessenger, Dsn, InvalidDsnException, maskDsn, readMessengerConfig } from '../src/index.js';
import { messengerYaml, tempProject } from './support/tempProject.js';

/** Parts of the credentials below: none may appear in any output. */
const SECRETS = ['Ulm7', 'Zq9', 'Xv', '4711'];

/** DSNs that do not parse, each holding a password (and the user name Ulm7). */
const MALFORMED: Readonly<Record<string, string>> = {
  'one slash missing': 'postgres:/Ulm7:Zq9%40Xv@127.0.0.1/db',
  'no scheme': 'Ulm7:Zq9%40Xv@127.0.0.1/db',
  'an unencoded "#" in the password': 'postgres://Ulm7:Zq9#Xv@127.0.0.1/db',
  'an unencoded "/" in the password': 'postgres://Ulm7:Zq9/Xv@127.0.0.1/db',
  'an unencoded "?" in the password': 'postgres://Ulm7:Zq9?Xv@127.0.0.1/db',
  'digits, then an unencoded "/"': 'postgres://Ulm7:4711/Xv@127.0.0.1/db',
  'a port above 65535': 'postgres://Ulm7:Zq9Xv@127.0.0.1:65536/db',
};

function assertNoSecret(text: string, what: string): void {
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `${what} shows "${secret}":\n${text}`);
}

const bin = join(import.meta.dirname, '../bin/messenger.js');
const fixture = join(import.meta.dirname, 'fixtures', 'cli-env-dsn');

/** The real `messenger` command on a project whose transport is %env(MESSENGER_TRANSPORT_DSN)%. */
function messenger(dsn: string, ...args: string[]): { status: number | null; output: string; stdout: string } {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: fixture,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', MESSENGER_TRANSPORT_DSN: dsn },
    timeout: 60_000,
  });
  return { status: result.status, output: result.stdout + result.stderr, stdout: result.stdout };
}

describe('a DSN that does not parse is never shown', () => {
  for (const [what, dsn] of Object.entries(MALFORMED)) {
    it(`${what}: refused at configuration time, naming the env var it came from`, () => {
      const projectDir = tempProject({
        'config/packages/messenger.yaml': messengerYaml("transports:\n  async: '%env(MESSENGER_TRANSPORT_DSN)%'"),
      });
      const { problems } = readMessengerConfig({ projectDir, processEnv: { MESSENGER_TRANSPORT_DSN: dsn } });
      assert.deepEqual(
        problems.map((p) => p.code),
        ['invalid-dsn'],
      );
      assert.match(
        problems[0]!.message,
        /^Transport "async": the DSN from env var "MESSENGER_TRANSPORT_DSN" is invalid \(its value is not shown, as it may hold a password\): /,
      );
      // The project's random temp folder name may hold a secret's letters by chance ("…CGSXvb"): it is ours, not the DSN's.
      assertNoSecret(JSON.stringify(problems).replaceAll(projectDir, '<project>'), 'the problem');
      assert.throws(
        () => Dsn.parse(dsn),
        (error: unknown) => error instanceof InvalidDsnException && !SECRETS.some((s) => error.message.includes(s)),
      );
    });
  }

  it('written in messenger.yaml: the error points at it without repeating it', () => {
    const projectDir = tempProject({
      'config/packages/messenger.yaml': messengerYaml(
        `transports:\n  async: '${MALFORMED['an unencoded "#" in the password']}'`,
      ),
    });
    const [problem] = readMessengerConfig({ projectDir, processEnv: {} }).problems;
    assert.equal(problem?.location.line, 4);
    assert.match(
      problem!.message,
      /^Transport "async": the DSN written here is invalid \(not repeated, as it may hold a password\): its host and port do not parse: a "\/", "#", "\?" or "@" in a user name or password must be percent-encoded/,
    );
    assertNoSecret(problem!.message, 'the problem');
  });

  it('says what is wrong: a missing slash, a port out of range', () => {
    assert.throws(
      () => Dsn.parse(MALFORMED['one slash missing']!),
      /"postgres:\/" has one slash: a DSN starts with "postgres:\/\/"/,
    );
    assert.throws(() => Dsn.parse(MALFORMED['a port above 65535']!), /its port must be a number from 1 to 65535/);
    assert.equal(Dsn.parse('postgres://db:65535/x').port, 65535);
    assert.equal(Dsn.parse('sqlite://:memory:').rest, ':memory:');
    assert.equal(Dsn.parse('redis://h1:6379,h2:6380/0').host, 'h1:6379,h2');
  });

  it('DATABASE_URL behind doctrine://default is not shown either', async () => {
    const projectDir = tempProject({
      'config/packages/messenger.yaml': messengerYaml("transports:\n  async: 'doctrine://default'"),
    });
    await assert.rejects(
      createMessenger({ projectDir, processEnv: { DATABASE_URL: MALFORMED['an unencoded "/" in the password']! } }),
      (error: Error) => {
        assert.match(
          error.message,
          /doctrine:\/\/default uses DATABASE_URL, which is invalid \(its value is not shown/,
        );
        assertNoSecret(error.message, 'the error');
        return true;
      },
    );
  });

  it('masks the password whole, even with an unencoded "#" or "?" in it', () => {
    assert.equal(maskDsn('postgres://Ulm7:Zq9#Xv@127.0.0.1/db'), 'postgres://Ulm7:****@127.0.0.1/db');
    assert.equal(maskDsn('postgres://Ulm7:Zq9?Xv@127.0.0.1/db'), 'postgres://Ulm7:****@127.0.0.1/db');
  });

  it('the CLI, in text and JSON, exits 1 with the env var named and no part of the password', () => {
    for (const what of ['one slash missing', 'an unencoded "#" in the password', 'a port above 65535']) {
      const dsn = MALFORMED[what]!;
      const text = messenger(dsn, 'stats');
      assert.equal(text.status, 1, text.output);
      assert.match(text.output, /the DSN from env var "MESSENGER_TRANSPORT_DSN" is invalid/);
      assertNoSecret(text.output, `stats (${what})`);
      const json = messenger(dsn, 'stats', '--format', 'json');
      assert.equal(json.status, 1, json.output);
      assert.equal(
        (JSON.parse(json.stdout) as { error: { class: string } }).error.class,
        'InvalidConfigurationException',
      );
      assertNoSecret(json.output, `stats --format json (${what})`);
    }
    const consume = messenger(MALFORMED['an unencoded "/" in the password']!, 'consume', 'async', '--limit', '1');
    assert.equal(consume.status, 1, consume.output);
    assertNoSecret(consume.output, 'consume');
  });
});
