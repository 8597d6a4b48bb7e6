import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFailedDetails } from '../../src/failed/failedJson';
import { failedMessagePanelModel } from '../../src/failed/failedMessageView';
import { jsonTokens } from '../../src/failed/jsonTokens';
import { contentSecurityPolicy, createNonce, escapeHtml, failedPanelHtml } from '../../src/failed/webviewHtml';
import { detailsJson } from './sampleFailed';

test('the panel model: facts, error, trace, a readable redelivery history, body and stamps as JSON tokens', () => {
  const model = failedMessagePanelModel(parseFailedDetails(detailsJson));
  assert.equal(model.title, 'SmsNotification #5');
  assert.deepEqual(Object.fromEntries(model.facts), {
    Class: 'SmsNotification',
    Id: '5',
    'Failure transport': 'failed',
    'Failed on': 'async',
    'Failed at': '2026-11-22 07:50:11 UTC',
    Retries: '1',
    Decodable: 'yes',
  });
  assert.deepEqual(model.error, { class: 'Error', message: 'SMS gateway unavailable (HTTP 503)', code: '0' });
  assert.match(model.trace.map((l) => l.text).join('\n'), /at SmsGateway\.send/);
  assert.deepEqual(
    model.redeliveries.map((r) => r.label),
    ['Retry #1', 'Sent to the failure transport'],
  );
  assert.equal(model.body.map((t) => t.text).join(''), JSON.stringify(detailsJson.message.body, null, 2));
  assert.deepEqual(
    model.body.filter((t) => t.kind === 'key').map((t) => t.text),
    ['"content"', '"phoneNumber"'],
  );
});

test('credentials never reach the panel: passwords in bodies, stamps, errors and traces are masked', () => {
  const leaky = {
    ...detailsJson,
    message: {
      ...detailsJson.message,
      error: 'cannot connect to redis://app:hunter2@cache:6379',
      trace: 'Error: cannot connect to redis://app:hunter2@cache:6379\n    at connect',
      body: { dsn: 'postgres://u:hunter2@db/app', password: 'hunter2', nested: [{ apiKey: 'hunter2' }] },
      stamps: { Custom: [{ token: 'hunter2' }] },
    },
  };
  const model = failedMessagePanelModel(parseFailedDetails(leaky));
  assert.ok(!JSON.stringify(model).includes('hunter2'), JSON.stringify(model).match(/.{40}hunter2.{10}/)?.[0]);
});

test('JSON tokens keep every character and tell keys from strings, numbers and literals', () => {
  const value = {
    a: 'x "quoted" \\ and \u2028',
    n: -1.5e3,
    ok: true,
    none: null,
    list: [1, 'two', { k: false }],
    empty: {},
  };
  const tokens = jsonTokens(value);
  assert.equal(tokens.map((t) => t.text).join(''), JSON.stringify(value, null, 2));
  const kinds = (kind: string): string[] => tokens.filter((t) => t.kind === kind).map((t) => t.text);
  assert.deepEqual(kinds('key'), ['"a"', '"n"', '"ok"', '"none"', '"list"', '"k"', '"empty"']);
  assert.deepEqual(kinds('number'), ['-1500', '1']);
  assert.deepEqual(kinds('literal'), ['true', 'null', 'false']);
  assert.deepEqual(
    jsonTokens('<script>').map((t) => [t.kind, t.text]),
    [['string', '"<script>"']],
  );
});

test('the webview HTML: a strict CSP (no remote source, no inline script, no eval), one script by nonce, text escaped', () => {
  const csp = contentSecurityPolicy('https://file+.vscode-resource.vscode-cdn.net', 'abc123');
  assert.match(csp, /^default-src 'none'; /);
  assert.match(csp, /script-src 'nonce-abc123'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*|http:/);
  const html = failedPanelHtml({
    cspSource: 'vscode-webview://x',
    nonce: 'abc123',
    scriptUri: 'vscode-webview://x/media/a.js',
    styleUri: 'vscode-webview://x/media/a.css',
    title: '<img src=x onerror=alert(1)>',
  });
  assert.ok(html.includes('<title>&lt;img src=x onerror=alert(1)&gt;</title>'));
  assert.equal(html.match(/<script/g)?.length, 1);
  assert.match(html, /<script nonce="abc123" src="vscode-webview:\/\/x\/media\/a\.js"><\/script>/);
  assert.doesNotMatch(html, /https?:\/\//);
  assert.equal(escapeHtml(`"'&<>`), '&quot;&#39;&amp;&lt;&gt;');
  const nonce = createNonce((size) => new Uint8Array(size).fill(251));
  assert.match(nonce, /^[A-Za-z0-9]{16,}$/);
});
