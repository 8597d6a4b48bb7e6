// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} in .env text is what these tests are about
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readMessengerConfig } from '../../src/index.js';
import { messengerYaml, tempProject } from '../support/tempProject.js';

/** The DSN of transport `a`, `'%env(DSN)%'`, with these .env files. */
function dsnFrom(files: Record<string, string>, processEnv: Record<string, string> = {}): string | undefined {
  const projectDir = tempProject({
    'config/packages/messenger.yaml': messengerYaml("transports:\n  a: '%env(DSN)%'"),
    ...files,
  });
  const { config, problems } = readMessengerConfig({ projectDir, processEnv });
  assert.deepEqual(
    problems.map((p) => p.message),
    [],
  );
  return config.transports.get('a')?.dsn;
}

function problemsOf(dotenv: string): string[] {
  const projectDir = tempProject({ 'config/packages/messenger.yaml': messengerYaml('transports: ~'), '.env': dotenv });
  return readMessengerConfig({ projectDir, processEnv: {} }).problems.map(
    (p) => `${p.severity} ${p.code} .env:${p.location.line}:${p.location.column} ${p.message}`,
  );
}

describe('.env files are read as Symfony Dotenv reads them', () => {
  it('expands $VAR and ${VAR} from earlier lines, earlier files and the real environment (which wins)', () => {
    const dotenv = 'DB_USER=app\nDB_PASSWORD=s3cr%40t\nDSN=postgres://${DB_USER}:$DB_PASSWORD@db:5432/${DB_NAME}\n';
    assert.equal(dsnFrom({ '.env': dotenv }), 'postgres://app:s3cr%40t@db:5432/');
    // Expanded where it is defined, as in Symfony: a later file's DB_NAME does not reach the DSN of .env.
    assert.equal(
      dsnFrom({ '.env': dotenv, '.env.local': 'DB_NAME=orders\nDSN="${DSN}${DB_NAME}?table_name=jobs"\n' }),
      'postgres://app:s3cr%40t@db:5432/orders?table_name=jobs',
    );
    assert.equal(dsnFrom({ '.env': dotenv }, { DB_USER: 'ops' }), 'postgres://ops:s3cr%40t@db:5432/');
  });

  it('${VAR:-default} falls back when VAR is empty or unset; ${VAR:=default} also sets it', () => {
    assert.equal(dsnFrom({ '.env': 'DSN=in-memory://?q=${QUEUE:-mails}\n' }), 'in-memory://?q=mails');
    assert.equal(dsnFrom({ '.env': 'QUEUE=\nDSN=in-memory://?q=${QUEUE:-mails}\n' }), 'in-memory://?q=mails');
    assert.equal(dsnFrom({ '.env': 'QUEUE=sms\nDSN=in-memory://?q=${QUEUE:-mails}\n' }), 'in-memory://?q=sms');
    assert.equal(
      dsnFrom({ '.env': 'X=${QUEUE:=mails}\nDSN=in-memory://?q=$QUEUE&x=$X\n' }),
      'in-memory://?q=mails&x=mails',
    );
  });

  it('keeps single-quoted values and escaped dollars literal; reads double-quoted escapes, comments and export', () => {
    assert.equal(dsnFrom({ '.env': "A=x\nDSN='in-memory://?a=${A}'\n" }), 'in-memory://?a=${A}');
    assert.equal(dsnFrom({ '.env': 'A=x\nDSN=in-memory://?a=\\$A\n' }), 'in-memory://?a=$A');
    assert.equal(dsnFrom({ '.env': 'DSN=in-memory://?a=$constructor&b=${toString}\n' }), 'in-memory://?a=&b=');
    assert.equal(dsnFrom({ '.env': 'A=x\nDSN="in-memory://?a=$A&b=\\"q\\""\n' }), 'in-memory://?a=x&b="q"');
    assert.equal(dsnFrom({ '.env': '# a comment\nexport DSN=in-memory:// # trailing\n\n' }), 'in-memory://');
    assert.equal(dsnFrom({ '.env': 'DSN=in-memory://?a=b#c\n' }), 'in-memory://?a=b#c', '# without a space');
  });

  it('%env(constructor)% and %toString% are unknown names, not properties of Object.prototype', () => {
    const projectDir = tempProject({
      'config/packages/messenger.yaml': messengerYaml(
        "transports:\n  a: '%env(constructor)%'\n  b: 'sync://%toString%'",
      ),
    });
    const { problems } = readMessengerConfig({ projectDir, processEnv: {} });
    assert.deepEqual(
      problems.map((p) => p.code),
      ['env-not-found', 'invalid-placeholder'],
    );
  });

  it('reports what Symfony refuses, with the line, and leaves commands unrun (a warning)', () => {
    assert.deepEqual(problemsOf('A=ok\nB=two words\n'), [
      'error dotenv-syntax .env:2:1 Invalid .env syntax: A value containing spaces must be surrounded by quotes.',
    ]);
    assert.deepEqual(problemsOf('A=${B\n'), [
      'error dotenv-syntax .env:1:1 Invalid .env syntax: Unclosed braces on variable expansion.',
    ]);
    assert.deepEqual(problemsOf('A = 1\n'), [
      'error dotenv-syntax .env:1:1 Invalid .env syntax: Whitespace characters are not supported after the variable name.',
    ]);
    const [command] = problemsOf('A=$(cat /etc/hostname)\n');
    assert.match(
      command!,
      /^warning dotenv-command-not-run \.env:1:\d+ The command \$\(cat \/etc\/hostname\) is left as written/,
    );
  });

  it('a .env or messenger.yaml that is a directory is an error naming the path', () => {
    const projectDir = tempProject({ 'config/packages/.keep': '' });
    mkdirSync(join(projectDir, 'config/packages/messenger.yaml'));
    mkdirSync(join(projectDir, '.env'));
    const problems = readMessengerConfig({ projectDir, processEnv: {} }).problems.map((p) => `${p.code} ${p.message}`);
    assert.deepEqual(problems.sort(), [
      'unreadable-file Cannot read .env: it is a directory, not a file.',
      'unreadable-file Cannot read config/packages/messenger.yaml: it is a directory, not a file.',
    ]);
  });
});
