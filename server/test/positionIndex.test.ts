/** The feature layer: positions ↔ model elements, and a feature answered without a connection. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { type AnalysisResult, identityOf, type PlacedElement } from '../src/analysis/index.js';
import { documentHighlight } from '../src/features/documentHighlight.js';
import { FEATURES, featureCapabilities } from '../src/features/index.js';
import type { Position } from '../src/protocol.js';
import { analyzeProject, removeProject, RUNTIME } from './support/project.js';

const YAML = `framework:
    messenger:
        default_bus: command.bus
        buses:
            command.bus: ~
        transports:
            async: 'in-memory://'
            audit: 'in-memory://'
        routing:
            'Job': async
`;

const FILES = {
  'config/packages/messenger.yaml': YAML,
  'src/Job.ts': `${RUNTIME}@AsMessage({ transport: 'audit' })\nexport class Job {}\n`,
  'src/JobHandler.ts': `${RUNTIME}import { Job } from './Job.js';\n@AsMessageHandler(Job, { bus: 'command.bus', fromTransport: 'async' })\nexport class JobHandler {\n  __invoke(m: Job) {}\n}\n`,
  'src/messenger.ts': `${RUNTIME}import { Job } from './Job.js';\nimport { JobHandler } from './JobHandler.js';\nconst messenger = await createMessenger({ handlers: [JobHandler] });\nexport default messenger;\nawait messenger.getBus('command.bus').dispatch(new Job());\n`,
};

let result: AnalysisResult & { dir: string };
after(() => removeProject(result.dir));

/** The position of the n-th occurrence of a text in a file, `into` characters in. */
function positionOf(file: string, needle: string, into = 1, nth = 0): Position {
  const text = readFileSync(join(result.dir, file), 'utf8');
  let index = -1;
  for (let i = 0; i <= nth; i++) index = text.indexOf(needle, index + 1);
  assert.ok(index >= 0, `${needle} in ${file}`);
  const before = text.slice(0, index + into).split('\n');
  return { line: before.length - 1, character: before.at(-1)!.length };
}

/** `kind role-or-part name` of each element at a place, innermost first. */
function at(file: string, needle: string, into = 1, nth = 0): string[] {
  return result
    .positions()
    .at(join(result.dir, file), positionOf(file, needle, into, nth))
    .map(describeElement);
}

function describeElement({ element }: PlacedElement): string {
  switch (element.kind) {
    case 'message':
      return `message ${element.role} ${element.cls.decl.name}`;
    case 'handler':
      return `handler ${element.part} ${element.def.name}`;
    case 'dispatch':
      return `dispatch ${element.site.message?.decl.name}`;
    case 'routing-key':
      return `routing-key ${element.key.rule.message}`;
    case 'transport':
    case 'bus':
      return `${element.kind} ${element.role} ${element.name}`;
  }
}

describe('the position index', () => {
  result = analyzeProject(FILES);

  it('finds, in TypeScript, messages, handlers, dispatches and the transports and buses they name', () => {
    assert.deepEqual(at('src/Job.ts', 'Job {}'), ['message definition Job']);
    assert.deepEqual(at('src/Job.ts', "'audit'"), ['transport reference audit']);
    assert.deepEqual(at('src/JobHandler.ts', 'Job, {'), [
      'message reference Job',
      'handler decorator JobHandler::__invoke',
    ]);
    assert.deepEqual(at('src/JobHandler.ts', "'command.bus'"), [
      'bus reference command.bus',
      'handler decorator JobHandler::__invoke',
    ]);
    assert.deepEqual(at('src/JobHandler.ts', "'async'"), [
      'transport reference async',
      'handler decorator JobHandler::__invoke',
    ]);
    assert.deepEqual(at('src/JobHandler.ts', '__invoke'), ['handler method JobHandler::__invoke']);
    assert.deepEqual(at('src/messenger.ts', 'new Job()', 5), ['dispatch Job']);
    assert.deepEqual(at('src/messenger.ts', "'command.bus'"), ['bus reference command.bus']);
    assert.deepEqual(at('src/messenger.ts', 'createMessenger({'), []);
  });

  it('finds, in messenger.yaml, transport and bus definitions, routing keys and the transports they route to', () => {
    const yaml = 'config/packages/messenger.yaml';
    assert.deepEqual(at(yaml, 'async:'), ['transport definition async']);
    assert.deepEqual(at(yaml, 'command.bus: ~'), ['bus definition command.bus']);
    assert.deepEqual(at(yaml, "'Job'"), ['routing-key Job']);
    assert.deepEqual(at(yaml, 'async\n'), ['transport reference async']);
  });

  it('lists every place an element is written, in every file', () => {
    const places = (placed: PlacedElement[]) =>
      placed.map((p) => `${p.file.slice(result.dir.length + 1)}:${p.range.start.line + 1} ${describeElement(p)}`);
    const [transport] = result
      .positions()
      .at(join(result.dir, 'src/JobHandler.ts'), positionOf('src/JobHandler.ts', "'async'"));
    assert.deepEqual(places(result.positions().occurrences(transport!.element)), [
      'config/packages/messenger.yaml:7 transport definition async',
      'config/packages/messenger.yaml:10 transport reference async',
      'src/JobHandler.ts:3 transport reference async',
    ]);
    const [job] = result.positions().at(join(result.dir, 'src/Job.ts'), positionOf('src/Job.ts', 'Job {}'));
    assert.deepEqual(places(result.positions().occurrences(job!.element)), [
      'config/packages/messenger.yaml:10 routing-key Job',
      'src/Job.ts:3 message definition Job',
      'src/JobHandler.ts:3 message reference Job',
      'src/messenger.ts:6 dispatch Job',
    ]);
    assert.equal(identityOf(job!.element), identityOf({ kind: 'dispatch', site: result.model.dispatches[0]! }));
  });

  it('is built once per analysis', () => {
    assert.equal(result.positions(), result.positions());
  });
});

describe('a feature', () => {
  it('is a function of the analysis, a document and a position: highlights of a transport in messenger.yaml', () => {
    const file = join(result.dir, 'config/packages/messenger.yaml');
    const position = positionOf('config/packages/messenger.yaml', 'async:');
    const highlights = documentHighlight.answer(
      result,
      { file },
      position,
      { textDocument: { uri: '' }, position },
      {},
    );
    assert.deepEqual(
      highlights?.map((h) => [h.range.start.line + 1, h.kind]),
      [
        [7, 3],
        [10, 2],
      ],
    );
    const start = { line: 0, character: 0 };
    assert.equal(
      documentHighlight.answer(result, { file }, start, { textDocument: { uri: '' }, position: start }, {}),
      null,
    );
  });

  it('gives the server its capabilities: the list of features is what initialize advertises', () => {
    const capabilities = featureCapabilities(FEATURES);
    for (const feature of FEATURES) assert.deepEqual({ ...capabilities, ...feature.capabilities }, capabilities);
    assert.equal(capabilities.documentHighlightProvider, true);
    assert.equal(capabilities.hoverProvider, true);
  });
});
