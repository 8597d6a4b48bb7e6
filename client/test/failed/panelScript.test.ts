/**
 * media/failedMessagePanel.js, the webview's script, run in a vm with a few lines of fake DOM:
 * it reports what it drew only when asked (test mode), and ignores action news about another
 * message than the one it shows.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { parseFailedDetails } from '../../src/failed/failedJson';
import { failedMessagePanelModel } from '../../src/failed/failedMessageView';
import { detailsJson } from './sampleFailed';

const SCRIPT = readFileSync(resolve(__filename, '..', '..', '..', 'media', 'failedMessagePanel.js'), 'utf8');

class FakeNode {
  children: FakeNode[] = [];
  className = '';
  id = '';
  hidden = false;
  disabled = false;
  dataset: Record<string, string> = {};
  private text = '';
  constructor(readonly tag: string) {}
  set textContent(value: string) {
    this.text = value;
    this.children = [];
  }
  get textContent(): string {
    return this.text + this.children.map((c) => c.textContent).join('');
  }
  get innerText(): string {
    return this.textContent;
  }
  append(...nodes: FakeNode[]): void {
    this.children.push(...nodes);
  }
  replaceChildren(): void {
    this.children = [];
  }
  addEventListener(): void {}
  all(): FakeNode[] {
    return this.children.flatMap((c) => [c, ...c.all()]);
  }
  querySelectorAll(tag: string): FakeNode[] {
    return this.all().filter((n) => n.tag === tag);
  }
}
class FakeButton extends FakeNode {}

function loadPanel(): { posted: unknown[]; send: (message: unknown) => void; root: FakeNode } {
  const root = new FakeNode('main');
  const posted: unknown[] = [];
  let listener: (event: { data: unknown }) => void = () => {};
  runInNewContext(SCRIPT, {
    acquireVsCodeApi: () => ({ postMessage: (m: unknown) => posted.push(m) }),
    HTMLButtonElement: FakeButton,
    window: { addEventListener: (_: string, l: typeof listener) => (listener = l) },
    document: {
      getElementById: (id: string) => (id === 'root' ? root : root.all().find((n) => n.id === id)),
      createElement: (tag: string) => (tag === 'button' ? new FakeButton(tag) : new FakeNode(tag)),
      createTextNode: (text: string) => Object.assign(new FakeNode('#text'), { textContent: text }),
    },
  });
  return { posted, send: (data) => listener({ data }), root };
}

const model = failedMessagePanelModel(parseFailedDetails(detailsJson));

test('outside test mode the webview never posts back what it drew (the whole message, body included)', () => {
  const { posted, send, root } = loadPanel();
  send({ type: 'show', model, report: false });
  send({ type: 'result', id: model.id, text: 'Retry: 1 handled.', ok: true, done: true });
  assert.ok(root.textContent.includes('+33600000001'), 'the body is drawn');
  assert.deepEqual(JSON.parse(JSON.stringify(posted)), [{ type: 'ready' }]); // objects from the vm's realm
});

test('in test mode it reports what it drew, after showing and after a result', () => {
  const { posted, send } = loadPanel();
  send({ type: 'show', model, report: true });
  send({ type: 'result', id: model.id, text: 'Retry: 1 handled.', ok: true, done: true });
  const rendered = posted.filter((m) => (m as { type: string }).type === 'rendered') as Array<{
    id: string;
    text: string;
  }>;
  assert.equal(rendered.length, 2);
  assert.ok(rendered[1]!.text.includes('Retry: 1 handled.'));
});

test('news about another message than the one shown is ignored: its buttons stay enabled', () => {
  const { send, root } = loadPanel();
  send({ type: 'show', model, report: false });
  send({ type: 'busy', id: 'another', action: 'retry' });
  send({ type: 'result', id: 'another', text: 'Retry: 1 handled.', ok: true, done: true });
  assert.ok(root.querySelectorAll('button').every((b) => !b.disabled));
  assert.ok(!root.textContent.includes('Retry: 1 handled.'));
  send({ type: 'busy', id: model.id, action: 'retry' });
  assert.ok(root.querySelectorAll('button').every((b) => b.disabled));
});
