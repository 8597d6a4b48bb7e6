import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_ALIAS_EXPANSION } from '../../src/config/parseLocatedYaml.js';
import { readMessengerConfig } from '../../src/index.js';
import { positionOf, tempProject } from '../support/tempProject.js';

function read(yaml: string) {
  return readMessengerConfig({ projectDir: tempProject({ 'config/packages/messenger.yaml': yaml }), processEnv: {} });
}

const problemsOf = (yaml: string): string[] =>
  read(yaml).problems.map((p) => `${p.location.line}:${p.location.column} ${p.code} ${p.message}`);

describe('messenger.yaml: the YAML Symfony accepts', () => {
  it('anchors, aliases and merge keys (<<: *defaults), explicit keys winning over merged ones', () => {
    const yaml = `framework:
  messenger:
    transports:
      async: &async
        dsn: 'in-memory://'
        retry_strategy: &retry { max_retries: 7, delay: 500 }
        options: { serialize: true }
      high:
        <<: *async
        dsn: 'sync://'
      low:
        dsn: 'sync://'
        retry_strategy:
          <<: *retry
          delay: 2000
      mixed:
        <<: [{ dsn: 'in-memory://?from=first' }, *async]
    routing:
      'App\\Message\\A': &both [async, high]
      'App\\Message\\B': *both
`;
    const { config, problems } = read(yaml);
    assert.deepEqual(problems, []);
    const transport = (name: string) => config.transports.get(name)!;
    assert.equal(transport('high').dsn, 'sync://', 'the explicit dsn wins over the merged one');
    assert.equal(transport('high').retryStrategy.maxRetries, 7, 'merged from async');
    assert.deepEqual(transport('low').retryStrategy, { ...transport('async').retryStrategy, delay: 2000 });
    assert.equal(transport('mixed').dsn, 'in-memory://?from=first', 'earlier merge sources win');
    assert.deepEqual(
      config.routing.map((r) => [r.message, r.transports]),
      [
        ['App\\Message\\A', ['async', 'high']],
        ['App\\Message\\B', ['async', 'high']],
      ],
    );
  });

  it('bounds alias expansion, so a "billion laughs" file is refused instead of exhausting memory', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const previous = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    const yaml = `${levels.join('\n')}\nframework:\n  messenger:\n    transports: ~\n`;
    const problems = problemsOf(yaml).filter((p) => p.includes('alias'));
    assert.equal(problems.length, 1, problems.join('\n'));
    // At the alias whose expansion went past the bound.
    assert.match(
      problems[0]!,
      new RegExp(`^\\d:\\d+ yaml-syntax YAML aliases expand to more than ${MAX_ALIAS_EXPANSION} values: refused`),
    );
  });

  it('reports duplicate keys with both places, and an alias with no anchor', () => {
    const yaml = `framework:
  messenger:
    routing:
      'App\\Message\\A': async
      'App\\Message\\B': async
      'App\\Message\\A': sync
    transports: { async: 'sync://', sync: 'sync://' }
`;
    const second = positionOf(yaml, "'App\\Message\\A'", 2);
    assert.deepEqual(problemsOf(yaml), [
      `${second.line}:${second.column} yaml-syntax Duplicate key "App\\Message\\A" detected (it is first set at line 4).`,
    ]);
    assert.deepEqual(problemsOf('framework: *nowhere\n'), [
      '1:12 yaml-syntax Unknown YAML alias: no anchor of that name comes before it.',
    ]);
  });
});
