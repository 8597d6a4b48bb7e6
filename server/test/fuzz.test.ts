/**
 * 1,000 random edits through the built server over stdio: deletions, garbage, half-written
 * decorators, broken YAML. The server must survive all of them (no crash, no unhandled
 * rejection, no failed analysis), and once every edit is undone, publish exactly the original
 * diagnostics. The seed is printed on failure; FUZZ_SEED=<n> replays a run.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LspTestClient } from './support/lspClient.js';

const FIXTURE = fileURLToPath(new URL('../../test/fixtures/all-diagnostics', import.meta.url));
const FILES = [
  'src/Message/ShipOrder.ts',
  'src/MessageHandler/TrackParcelHandlers.ts',
  'src/messenger.ts',
  'src/Controller/ShippingController.ts',
  'config/packages/messenger.yaml',
];
const EDITS = 1000;
const SEED = Number(process.env['FUZZ_SEED'] ?? Date.now() % 2 ** 31);

/** mulberry32: small, fast, and the same sequence for the same seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TS_GARBAGE = [
  '@AsMessageHandler(',
  '@AsMessageHandler(Ship',
  "@AsMessageHandler(ShipOrder, { bus: '",
  '@AsMessage({ transport: ',
  'class ',
  '{',
  '}',
  '(',
  ')',
  '=>',
  'new ',
  '.dispatch(',
  'handle(',
  'extends ',
  ': Map<',
  '`${',
  '/*',
  '"',
  "'",
  '\n',
  ';',
  'readonly ',
  'import { x } from "./nope.js";\n',
  'export default ',
  '\u00e9\u{1F600}',
];
const YAML_GARBAGE = [
  ': [',
  '\t',
  '- ',
  '{{',
  '%env(',
  "'",
  '"',
  '\n    ',
  'routing:',
  '  async: ',
  '*',
  '&anchor ',
  '!tag ',
  '? ',
  ']',
  '|',
  '#',
  'sync://',
  '%env(UNDEFINED)%',
];

interface Doc {
  readonly path: string;
  text: string;
}

function position(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

function offset(text: string, pos: { line: number; character: number }): number {
  let index = 0;
  for (let line = 0; line < pos.line; line++) index = text.indexOf('\n', index) + 1;
  return index + pos.character;
}

/** Applies an LSP edit to our copy of the document, as the server does to its own. */
function apply(
  doc: Doc,
  edit: {
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    text: string;
  },
): void {
  doc.text =
    doc.text.slice(0, offset(doc.text, edit.range.start)) +
    edit.text +
    doc.text.slice(offset(doc.text, edit.range.end));
}

/** Applies a random edit and returns its inverse. */
function randomEdit(
  doc: Doc,
  random: () => number,
): { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string } {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const start = Math.floor(random() * (doc.text.length + 1));
  const kind = random();
  const length =
    kind < 0.4
      ? Math.floor(random() * Math.min(40, doc.text.length - start + 1))
      : kind < 0.6
        ? Math.floor(random() * 3)
        : 0;
  const garbage = doc.path.endsWith('.yaml') ? YAML_GARBAGE : TS_GARBAGE;
  const inserted = kind < 0.4 ? '' : Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(garbage)).join('');
  const removed = doc.text.slice(start, start + length);
  const range = { start: position(doc.text, start), end: position(doc.text, start + length) };
  doc.text = doc.text.slice(0, start) + inserted + doc.text.slice(start + length);
  const inverse = {
    range: { start: position(doc.text, start), end: position(doc.text, start + inserted.length) },
    text: removed,
  };
  return Object.assign({ range, text: inserted }, { inverse });
}

describe(`fuzzing the server with ${EDITS} edits (seed ${SEED})`, () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start(FIXTURE);
  });
  after(async () => {
    await client.stop();
  });

  it('survives every edit, and publishes the original diagnostics once they are undone', async (t) => {
    const random = prng(SEED);
    const docs: Doc[] = FILES.map((f) => ({ path: join(FIXTURE, f), text: readFileSync(join(FIXTURE, f), 'utf8') }));
    for (const doc of docs) await client.open(doc.path, doc.text);
    await client.model();
    const original = client.summary(FIXTURE);
    assert.ok(original.length > 30);

    const undo: Array<{ doc: Doc; edit: Parameters<typeof apply>[1] }> = [];
    try {
      for (let i = 0; i < EDITS; i++) {
        const doc = docs[Math.floor(random() * docs.length)]!;
        const edit = randomEdit(doc, random) as ReturnType<typeof randomEdit> & {
          inverse: Parameters<typeof apply>[1];
        };
        undo.push({ doc, edit: edit.inverse });
        await client.change(doc.path, [{ range: edit.range, text: edit.text }]);
        if (i % 100 === 99) await client.model();
      }
      await client.model();
      assert.ok(client.alive, 'the server is still running');
      for (const { doc, edit } of undo.reverse()) {
        apply(doc, edit);
        await client.change(doc.path, [edit]);
      }
      await client.model();
      for (const doc of docs)
        assert.equal(doc.text, readFileSync(doc.path, 'utf8'), `${doc.path} is back to its original text`);
      assert.deepEqual(client.summary(FIXTURE), original);
      assert.doesNotMatch(client.stderr, /unhandled rejection|uncaught exception|analysis of .* failed/);
      assert.ok(client.alive);
    } catch (error) {
      t.diagnostic(`FUZZ_SEED=${SEED} replays this run`);
      console.error(`fuzz test failed with FUZZ_SEED=${SEED}; server stderr:\n${client.stderr}`);
      throw error;
    }
  });
});
