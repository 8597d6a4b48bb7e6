import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type ConfigProblem, readMessengerConfig } from '../../src/index.js';
import { seedSamples } from '../support/seedSamples.js';
import { tempProject } from '../support/tempProject.js';

/**
 * Every messenger YAML sample of the specification seeds loads unchanged. Samples that are
 * fragments of a page (routing to transports the snippet does not define, `dsn: # ...`
 * placeholders) are rejected the way Symfony rejects them — with a located, readable error —
 * and transports this port does not offer (yet) are reported as such, never as a crash.
 */
const ENV = {
  MESSENGER_TRANSPORT_DSN: 'doctrine://default',
  MESSENGER_TRANSPORT_DSN_AMQP: 'amqp://guest:guest@localhost:5672/%2f/messages',
  MY_TRANSPORT_DSN: 'amqp://localhost/%2f/messages',
};

/** Fragments and their expected errors, by the text that causes them. */
const FRAGMENTS: ReadonlyArray<{ when: RegExp; codes: readonly string[] }> = [
  { when: /'App\\Message\\AbstractAsyncMessage': async/, codes: ['unknown-transport'] }, // no transports in that snippet
  { when: /dsn: # \.\.\./, codes: ['invalid-value'] }, // `dsn:` left empty on purpose in the guide
  { when: /async_priority_normal: # \.\.\./, codes: ['invalid-value'] },
  { when: /dsn: \.\.\./, codes: ['invalid-dsn'] }, // a literal "..." as DSN
];

describe('the YAML samples of the seeds', () => {
  const samples = seedSamples();

  it('finds the samples of all three Messenger documents', () => {
    assert.ok(samples.length >= 30, `found ${samples.length}`);
    for (const seed of ['000', '001', '002'])
      assert.ok(
        samples.some((s) => s.id.startsWith(seed)),
        `no sample from seed ${seed}`,
      );
  });

  for (const sample of samples) {
    it(`loads ${sample.id} (${sample.seed} line ${sample.line})`, () => {
      const projectDir = tempProject({ 'config/packages/messenger.yaml': sample.text });
      const file = join(projectDir, 'config/packages/messenger.yaml');
      const { config, problems } = readMessengerConfig({ projectDir, processEnv: ENV });
      const lines = readFileSync(file, 'utf8').split('\n');
      for (const problem of problems) assertLocated(problem, file, lines);
      const errors = problems.filter((p) => p.severity === 'error');
      const fragment = FRAGMENTS.find((f) => f.when.test(sample.text));
      if (fragment === undefined) {
        assert.deepEqual(errors.map(describeProblem), [], 'a complete sample loads without errors');
      } else {
        assert.ok(errors.length > 0, 'a fragment is rejected');
        for (const error of errors) assert.ok(fragment.codes.includes(error.code), describeProblem(error));
      }
      for (const warning of problems.filter((p) => p.severity === 'warning')) {
        if (warning.code === 'deprecated-option') {
          // The 5.4 guide's `reset_on_message: true`: accepted, and said to change nothing (as in Symfony 6).
          assert.match(warning.message, /"reset_on_message" has no effect/);
          continue;
        }
        assert.equal(warning.code, 'transport-not-available');
        assert.match(warning.message, /Transport "[\w-]+" \(.*\): the .* transport \(".*:\/\/"\) is not available yet/);
      }
      assert.ok(config.buses.size >= 1, 'there is always a bus');
    });
  }
});

function assertLocated(problem: ConfigProblem, file: string, lines: readonly string[]): void {
  assert.equal(problem.location.file, file);
  assert.ok(problem.location.line >= 1 && problem.location.line <= lines.length, describeProblem(problem));
  assert.ok(
    problem.location.column >= 1 && problem.location.column <= lines[problem.location.line - 1]!.length + 1,
    describeProblem(problem),
  );
}

function describeProblem(p: ConfigProblem): string {
  return `${p.location.line}:${p.location.column} ${p.code}: ${p.message}`;
}
