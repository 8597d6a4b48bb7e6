import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMessenger, type InMemoryTransport, readMessengerConfig } from '../../src/index.js';
import { messengerYaml, tempProject } from '../support/tempProject.js';

describe('config loading', () => {
  it('applies Symfony defaults', () => {
    const { config } = readMessengerConfig({
      projectDir: tempProject({
        'config/packages/messenger.yaml': messengerYaml("transports:\n  async: 'in-memory://'"),
      }),
      processEnv: {},
    });
    assert.equal(config.defaultBus, 'messenger.bus.default');
    assert.deepEqual([...config.buses.keys()], ['messenger.bus.default']);
    assert.deepEqual(config.transports.get('async')?.retryStrategy, {
      service: undefined,
      maxRetries: 3,
      delay: 1000,
      multiplier: 2,
      maxDelay: 0,
      jitter: 0.1,
    });
    assert.equal(config.serializer.defaultSerializer, 'messenger.transport.symfony_serializer');
  });

  it('lets options under `options` win over the DSN query', async () => {
    class Msg {}
    const yaml = messengerYaml(
      "transports:\n  a:\n    dsn: 'in-memory://?serialize=false'\n    options:\n      serialize: true\nrouting:\n  Msg: a",
    );
    const projectDir = tempProject({ 'config/packages/messenger.yaml': yaml });
    assert.equal(
      readMessengerConfig({ projectDir, processEnv: {} }).config.transports.get('a')?.options['serialize'],
      true,
    );
    const messenger = await createMessenger({ projectDir, messages: [Msg] });
    const message = new Msg();
    await messenger.dispatch(message);
    assert.notEqual(
      (messenger.getTransport('a') as InMemoryTransport).getSent()[0]?.message,
      message,
      'serialized, so a copy',
    );
  });

  it('resolves %env()% from .env files in Symfony order; the real environment wins', () => {
    const projectDir = tempProject({
      'config/packages/messenger.yaml': messengerYaml(
        "transports:\n  a: '%env(A_DSN)%'\n  b: '%env(B_DSN)%'\n  c: '%env(C_DSN)%'\n  d: '%env(D_DSN)%'",
      ),
      '.env': 'A_DSN=sync://\nB_DSN=sync://\nC_DSN=sync://\nD_DSN=sync://\n',
      '.env.local': 'B_DSN=in-memory://\n',
      '.env.staging': 'C_DSN=in-memory://?from=staging\n',
      '.env.staging.local': 'D_DSN=in-memory://?from=staging-local\n',
    });
    const { config, problems } = readMessengerConfig({
      projectDir,
      env: 'staging',
      processEnv: { A_DSN: 'in-memory://?from=process' },
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(
      [...config.transports.values()].map((t) => t.dsn),
      ['in-memory://?from=process', 'in-memory://', 'in-memory://?from=staging', 'in-memory://?from=staging-local'],
    );
    assert.equal(config.transports.get('a')?.dsnTemplate, '%env(A_DSN)%');
  });

  it('skips .env.local in the test environment, as Symfony does', () => {
    const projectDir = tempProject({
      'config/packages/messenger.yaml': messengerYaml("transports:\n  a: '%env(A_DSN)%'"),
      '.env': 'A_DSN=sync://\nAPP_ENV=test\n',
      '.env.local': 'A_DSN=in-memory://\n',
    });
    const { config } = readMessengerConfig({ projectDir, processEnv: {} });
    assert.equal(config.env, 'test');
    assert.equal(config.transports.get('a')?.dsn, 'sync://');
  });

  it('supports env processors and kernel parameters', () => {
    const projectDir = tempProject({
      'config/packages/messenger.yaml': messengerYaml(
        "transports:\n  a:\n    dsn: 'in-memory://%env(default::MISSING)%'\n    retry_strategy:\n      max_retries: '%env(int:RETRIES)%'\n  b: 'sync://%kernel.environment%'",
      ),
      '.env': 'RETRIES=7\n',
    });
    const { config, problems } = readMessengerConfig({ projectDir, env: 'prod', processEnv: {} });
    assert.deepEqual(problems, []);
    assert.equal(config.transports.get('a')?.dsn, 'in-memory://');
    assert.equal(config.transports.get('a')?.retryStrategy.maxRetries, 7);
    assert.equal(config.transports.get('b')?.dsn, 'sync://prod');
  });

  it('merges config/packages/<env>/messenger.yaml and when@<env> over the base file', () => {
    const projectDir = tempProject({
      'config/packages/messenger.yaml': `${messengerYaml("transports:\n  async:\n    dsn: 'sync://'\n    retry_strategy: { max_retries: 5 }\n  other: 'sync://'")}when@test:\n  framework:\n    messenger:\n      transports:\n        other: 'in-memory://?from=when'\n`,
      'config/packages/test/messenger.yaml': messengerYaml("transports:\n  async: 'in-memory://'"),
    });
    const test = readMessengerConfig({ projectDir, env: 'test', processEnv: {} });
    assert.deepEqual(test.problems, []);
    assert.equal(test.config.transports.get('async')?.dsn, 'in-memory://');
    assert.equal(test.config.transports.get('async')?.retryStrategy.maxRetries, 5, 'maps merge key by key');
    assert.equal(test.config.transports.get('other')?.dsn, 'in-memory://?from=when');
    assert.match(
      test.config.transports.get('async')!.dsnLocation.file,
      /config\/packages\/test\/messenger\.yaml$/,
      'locations point at the file that set the value',
    );
    const dev = readMessengerConfig({ projectDir, env: 'dev', processEnv: {} });
    assert.equal(dev.config.transports.get('async')?.dsn, 'sync://');
    assert.equal(dev.config.transports.get('other')?.dsn, 'sync://');
  });

  it('reads stop_worker_on_signals (names or numbers); SIGTERM and SIGINT by default', () => {
    const read = (body: string) =>
      readMessengerConfig({
        projectDir: tempProject({ 'config/packages/messenger.yaml': messengerYaml(body) }),
        processEnv: {},
      });
    assert.deepEqual(read('transports: ~').config.stopWorkerOnSignals, ['SIGTERM', 'SIGINT']);
    assert.deepEqual(read('stop_worker_on_signals: [SIGTERM, 3, sigusr2]').config.stopWorkerOnSignals, [
      'SIGTERM',
      'SIGQUIT',
      'SIGUSR2',
    ]);
    const bad = read('stop_worker_on_signals: [SIGKILL]').problems;
    assert.deepEqual(
      bad.map((p) => p.code),
      ['invalid-value'],
    );
    assert.match(bad[0]!.message, /takes signals a process can catch.*got "SIGKILL"/);
  });

  it('says that reset_on_message has no effect, where it is written', () => {
    const yaml = messengerYaml('reset_on_message: true');
    const { problems } = readMessengerConfig({
      projectDir: tempProject({ 'config/packages/messenger.yaml': yaml }),
      processEnv: {},
    });
    assert.deepEqual(
      problems.map((p) => [p.severity, p.code, p.location.line]),
      [['warning', 'deprecated-option', 3]],
    );
  });
});
