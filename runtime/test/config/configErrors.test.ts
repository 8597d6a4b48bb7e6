import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createMessenger,
  InvalidConfigurationException,
  loadMessengerConfig,
  readMessengerConfig,
} from '../../src/index.js';
import { messengerYaml, positionOf, tempProject } from '../support/tempProject.js';

/** Loads a messenger.yaml and returns its problems as `line:col code message`. */
function problemsOf(yaml: string, env: Record<string, string> = {}): string[] {
  const projectDir = tempProject({ 'config/packages/messenger.yaml': yaml });
  return readMessengerConfig({ projectDir, processEnv: env }).problems.map(
    (p) => `${p.location.line}:${p.location.column} ${p.code} ${p.message}`,
  );
}

function at(yaml: string, needle: string): string {
  const { line, column } = positionOf(yaml, needle);
  return `${line}:${column}`;
}

describe('config errors name the file, line, column and key', () => {
  it('malformed YAML', () => {
    const yaml = 'framework:\n  messenger:\n    transports: [unclosed\n';
    const [problem] = problemsOf(yaml);
    assert.match(problem!, /^\d+:\d+ yaml-syntax Malformed YAML: /);
  });

  it('an unknown key, with a suggestion', () => {
    const yaml = messengerYaml("transports:\n  async: 'in-memory://'\nfailure_transprot: async");
    assert.deepEqual(problemsOf(yaml), [
      `${at(yaml, 'failure_transprot')} unknown-key Unrecognized option "failure_transprot" under "framework.messenger" (did you mean "failure_transport"?). Available options are "enabled", "routing", "serializer", "transports", "failure_transport", "reset_on_message", "stop_worker_on_signals", "default_bus", "buses".`,
    ]);
  });

  it('an unknown transport in routing and failure_transport', () => {
    const yaml = messengerYaml(
      "transports:\n  async: 'in-memory://'\n  failed: 'in-memory://'\nfailure_transport: faild\nrouting:\n  App\\Sms: [async, asinc]",
    );
    const problems = problemsOf(yaml);
    assert.equal(problems.length, 2);
    // In document order.
    assert.equal(
      problems[0],
      `${at(yaml, 'faild')} unknown-transport Invalid failure_transport: Unknown transport "faild" (did you mean "failed"?). Configured transports: async, failed.`,
    );
    assert.equal(
      problems[1],
      `${at(yaml, 'asinc')} unknown-transport Invalid routing for "App\\Sms": Unknown transport "asinc" (did you mean "async"?). Configured transports: async, failed.`,
    );
  });

  it('an unknown default bus', () => {
    const yaml = messengerYaml('default_bus: comand.bus\nbuses:\n  command.bus: ~');
    assert.deepEqual(problemsOf(yaml), [
      `${at(yaml, 'comand.bus')} unknown-bus The default bus "comand.bus" is not configured under "buses" (did you mean "command.bus"?) (configured: command.bus).`,
    ]);
  });

  it('an unknown DSN scheme, and a scheme not available yet (a warning)', () => {
    const yaml = messengerYaml("transports:\n  a: 'kafka://broker:9092'\n  b: 'sqs://key:secret@default/messages'");
    const problems = problemsOf(yaml);
    assert.match(
      problems[0]!,
      new RegExp(
        `^${at(yaml, "'kafka")} unknown-dsn-scheme Transport "a": no transport supports the DSN "kafka://broker:9092" \\(unknown scheme "kafka"; available: sync://, in-memory://`,
      ),
    );
    assert.match(
      problems[1]!,
      new RegExp(
        `^${at(yaml, "'sqs")} transport-not-available Transport "b" \\(sqs://key:\\*\\*\\*\\*@default/messages\\): the Amazon SQS transport`,
      ),
    );
    assert.ok(!problems.join('\n').includes('secret'), 'credentials never appear in messages');
  });

  it('an environment variable that is not defined', () => {
    const yaml = messengerYaml("transports:\n  async: '%env(MESSENGER_TRANSPORT_DSN)%'");
    assert.deepEqual(problemsOf(yaml), [
      `${at(yaml, "'%env")} env-not-found Environment variable not found: "MESSENGER_TRANSPORT_DSN". Define it in .env (or .env.local) or in the environment.`,
    ]);
  });

  it('bad retry_strategy values', () => {
    const yaml = messengerYaml(
      "transports:\n  async:\n    dsn: 'in-memory://'\n    retry_strategy:\n      max_retries: -1\n      multiplier: 0.5\n      jitter: 2\n      delay: soon",
    );
    assert.deepEqual(problemsOf(yaml), [
      `${at(yaml, '-1')} invalid-retry-strategy Invalid retry_strategy: "max_retries" must be an integer >= 0, got -1.`,
      `${at(yaml, '0.5')} invalid-retry-strategy Invalid retry_strategy: "multiplier" must be a number >= 1, got 0.5.`,
      `${at(yaml, '2\n')} invalid-retry-strategy Invalid retry_strategy: "jitter" must be a number between 0 and 1, got 2.`,
      `${at(yaml, 'soon')} invalid-retry-strategy Invalid retry_strategy: "delay" must be an integer >= 0 (milliseconds), got "soon".`,
    ]);
  });

  it('a bad value from an env var names the variable, never its value (it may be a secret)', () => {
    const yaml = messengerYaml(
      "transports:\n  async:\n    dsn: 'sqlite://var/m.db?redeliver_timeout=%env(TIMEOUT)%'\n    options:\n      auto_setup: '%env(SETUP)%'\n    retry_strategy:\n      max_retries: '%env(int:RETRIES)%'\n      delay: '%env(DELAY)%'",
    );
    const problems = problemsOf(yaml, {
      TIMEOUT: 's3cret-a',
      SETUP: 's3cret-b',
      RETRIES: 's3cret-c',
      DELAY: 's3cret-d',
    });
    assert.deepEqual(problems, [
      `${at(yaml, "'sqlite")} unknown-transport-option Transport "async": Option "redeliver_timeout" of the SQLite transport must be a number, got the value of env var "TIMEOUT".`,
      `${at(yaml, 'auto_setup')} unknown-transport-option Transport "async": Option "auto_setup" of the SQLite transport must be a boolean, got the value of env var "SETUP".`,
      `${at(yaml, "'%env(int")} invalid-placeholder Environment variable "RETRIES" must be an integer for %env(int:…)%.`,
      `${at(yaml, "'%env(DELAY")} invalid-retry-strategy Invalid retry_strategy: "delay" must be an integer >= 0 (milliseconds), got the value of env var "DELAY".`,
    ]);
    assert.ok(!problems.join('\n').includes('s3cret'));
  });

  it('rate_limiter is accepted with a warning at its key: it has no effect yet', () => {
    const yaml = messengerYaml(
      "transports:\n  async:\n    dsn: 'in-memory://'\n    rate_limiter: your_limiter\n  other: 'in-memory://'",
    );
    const projectDir = tempProject({ 'config/packages/messenger.yaml': yaml });
    const result = readMessengerConfig({ projectDir, processEnv: {} });
    assert.deepEqual(
      result.problems.map((p) => [p.severity, p.code, p.path, `${p.location.line}:${p.location.column}`, p.message]),
      [
        [
          'warning',
          'unsupported-option',
          'framework.messenger.transports.async.rate_limiter',
          at(yaml, 'rate_limiter'),
          '"rate_limiter" of transport "async" has no effect yet: workers do not throttle consumption in this version, so messages are handled as fast as they arrive.',
        ],
      ],
    );
  });

  it('an option the transport does not know, in the DSN or under options', () => {
    const yaml = messengerYaml(
      "transports:\n  a:\n    dsn: 'sync://?queue=x'\n  b:\n    dsn: 'in-memory://'\n    options:\n      serialise: true",
    );
    // sync:// and in-memory:// ignore unknown options, as Symfony's do; a strict transport reports them.
    assert.deepEqual(problemsOf(yaml), []);
  });

  it('loadMessengerConfig throws every error at once, formatted file:line:col', () => {
    const yaml = messengerYaml("transports:\n  async: 'kafka://x'\nrouting:\n  Foo: nope");
    const projectDir = tempProject({ 'config/packages/messenger.yaml': yaml });
    assert.throws(
      () => loadMessengerConfig({ projectDir, processEnv: {} }),
      (error: Error) => {
        assert.ok(error instanceof InvalidConfigurationException);
        assert.equal(error.problems.length, 2);
        assert.match(
          error.message,
          new RegExp(
            `\\(2 problems\\):\\n  .*config/packages/messenger\\.yaml:${at(yaml, "'kafka")}: Transport "async"`,
          ),
        );
        return true;
      },
    );
  });

  it('a config file given explicitly must exist; the default one is optional', () => {
    const projectDir = tempProject();
    assert.deepEqual(readMessengerConfig({ projectDir, processEnv: {} }).problems, []);
    const [problem] = readMessengerConfig({ projectDir, file: 'config/messenger.yaml', processEnv: {} }).problems;
    assert.equal(problem?.code, 'unreadable-file');
    assert.match(problem!.message, /Config file not found: config\/messenger\.yaml/);
  });
});

describe('transports that refuse their DSN or options when created', () => {
  it('are config problems at the option key or the DSN, with the transport name, all reported at once', async () => {
    const yaml = messengerYaml(
      [
        'transports:',
        '  bad_table:',
        "    dsn: 'sqlite://var/m.db'",
        '    options:',
        "      table_name: 'messages; DROP TABLE x'",
        "  bad_timeout: 'sqlite://var/m.db?redeliver_timeout=-5'",
        "  other_connection: 'doctrine://reporting'",
        "  no_file: 'sqlite://'",
      ].join('\n'),
    );
    const projectDir = tempProject({ 'config/packages/messenger.yaml': yaml });
    await assert.rejects(createMessenger({ projectDir, processEnv: {} }), (error: unknown) => {
      assert.ok(error instanceof InvalidConfigurationException, String(error));
      assert.deepEqual(
        error.problems.map((p) => `${p.location.line}:${p.location.column} ${p.code} ${p.path} ${p.message}`),
        [
          `${at(yaml, 'table_name')} invalid-transport-option framework.messenger.transports.bad_table.options.table_name Transport "bad_table": Invalid table_name "messages; DROP TABLE x": use letters, digits and underscores (optionally "schema.table").`,
          `${at(yaml, "'sqlite://var/m.db?")} invalid-transport-option framework.messenger.transports.bad_timeout.options.redeliver_timeout Transport "bad_timeout": Option "redeliver_timeout" must be a number of seconds > 0.`,
          `${at(yaml, "'doctrine")} invalid-dsn framework.messenger.transports.other_connection.dsn Transport "other_connection": Doctrine connection "reporting" is unknown: doctrine://default uses DATABASE_URL; for another database, use its sqlite://, postgres:// or mysql:// DSN directly.`,
          `${at(yaml, "'sqlite://'")} invalid-dsn framework.messenger.transports.no_file.dsn Transport "no_file": The SQLite DSN "sqlite://" has no file: use e.g. sqlite://var/messenger.db (relative to the project) or sqlite:///absolute/path.db.`,
        ],
      );
      assert.match(error.message, /messenger\.yaml:\d+:\d+: Transport "bad_table": Invalid table_name/);
      return true;
    });
  });
});
