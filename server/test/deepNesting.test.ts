/**
 * Deeply nested code must not take the analysis down: the fact walk keeps its own stack, and a
 * file nested deeper than the TypeScript parser can follow is reported as not analysed while
 * the rest of the project is analysed as usual.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { extractFacts } from '../src/analysis/index.js';
import { analyzeProject, removeProject, RUNTIME, yaml } from './support/project.js';

const dirs: string[] = [];
after(() => dirs.forEach(removeProject));

const DISPATCH = 'bus.dispatch(new Job());';
/** Each input the adversarial tests used, nested far deeper than the parser or a recursive walk can go. */
const DEEP: Readonly<Record<string, string>> = {
  'a chain of 20,000 method calls': `const x = a${'.b()'.repeat(20_000)};`,
  'a concatenation of 20,000 strings': `const s = ${Array.from({ length: 20_000 }, (_, i) => `'t${i}'`).join(' + ')};`,
  '5,000 nested arrays': `const a = ${'['.repeat(5_000)}1${']'.repeat(5_000)};`,
  '5,000 nested parentheses': `const p = ${'('.repeat(5_000)}1${')'.repeat(5_000)};`,
  '20,000 else ifs': `function f(x: number) { if (x === 0) {}${' else if (x === 1) {}'.repeat(20_000)} }`,
  '3,000 nested arrow functions': `const f = ${'() => '.repeat(3_000)}1;`,
  'a type nested 3,000 levels': `class M { p: ${'Array<'.repeat(3_000)}string${'>'.repeat(3_000)} = []; }`,
};

describe('deeply nested code', () => {
  for (const [what, code] of Object.entries(DEEP)) {
    it(`${what}: the file's facts, or the file reported as skipped, never an exception`, () => {
      const facts = extractFacts('/project/src/deep.ts', `${code}\n${DISPATCH}\n`);
      if (facts.skipped !== undefined) assert.match(facts.skipped, /nested too deeply/);
      else assert.equal(facts.dispatches.length, 1, 'the dispatch after it is found');
    });
  }

  it('walks what the parser reads, however deep, without recursion: long chains, 300 nested classes, 600 nested functions', () => {
    for (const what of ['a chain of 20,000 method calls', 'a concatenation of 20,000 strings']) {
      const facts = extractFacts('/p/src/a.ts', `${DEEP[what]}\n${DISPATCH}\n`);
      assert.equal(facts.skipped, undefined, what);
      assert.equal(facts.dispatches.length, 1, what);
    }
    const classes = extractFacts('/p/src/b.ts', `${'class A { m() { '.repeat(300)}${DISPATCH}${'} }'.repeat(300)}\n`);
    assert.equal(classes.skipped, undefined);
    assert.equal(classes.classes.length, 300);
    assert.equal(classes.dispatches.length, 1);
    const functions = extractFacts('/p/src/c.ts', `const f = ${'() => '.repeat(600)}${DISPATCH.slice(0, -1)};\n`);
    assert.equal(functions.skipped, undefined);
    assert.equal(functions.dispatches.length, 1);
  });

  it('a project with such a file: that file is reported, every other file is analysed', () => {
    const result = analyzeProject({
      'config/packages/messenger.yaml': yaml("transports:\n  async: 'in-memory://'\nrouting:\n  Job: async"),
      'src/Message/Job.ts': 'export class Job {}\n',
      'src/JobHandler.ts': `${RUNTIME}import { Job } from './Message/Job.js';\n@AsMessageHandler(Job)\nexport class JobHandler { __invoke(m: Job) {} }\n`,
      'src/messenger.ts': `${RUNTIME}import { JobHandler } from './JobHandler.js';\nexport default createMessenger({ handlers: [JobHandler] });\n`,
      'src/Generated/deep.ts': `${DEEP['5,000 nested arrays']}\n`,
    });
    dirs.push(result.dir);
    const skipped = result.diagnostics.filter((d) => d.code === 'file-not-analysed');
    assert.deepEqual(
      skipped.map((d) => d.file.slice(result.dir.length + 1)),
      ['src/Generated/deep.ts'],
    );
    assert.match(skipped[0]!.message, /not analysed: it is nested too deeply for the TypeScript parser/);
    assert.deepEqual(
      result.projectModel().handlers.map((h) => h.name),
      ['JobHandler::__invoke'],
    );
    assert.deepEqual(
      result.projectModel().messages.map((m) => [m.name, m.routes.map((r) => r.transport)]),
      [['Job', ['async']]],
    );
  });
});
