import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildMapTree, type MapInput } from '../../src/map/buildMapTree';
import type { DiagnosticInfo } from '../../src/map/problems';
import type { StatsState } from '../../src/stats/StatsStore';
import { type TreeNode, walk } from '../../src/tree/TreeNode';
import { at, DIR, sampleProject } from './sampleModel';

const ready: StatsState = {
  kind: 'ready',
  counts: {
    counts: new Map([
      ['async', 3],
      ['failed', 1200],
    ]),
    uncountable: new Set(['sync']),
    details: new Map(),
    failing: new Map(),
  },
  at: 0,
};

function map(input: Partial<MapInput> = {}): TreeNode[] {
  return buildMapTree({ projects: [sampleProject()], stats: ready, diagnostics: [], ...input });
}

function row(nodes: readonly TreeNode[], ...path: string[]): TreeNode {
  let found: TreeNode | undefined;
  let level: readonly TreeNode[] = nodes;
  for (const label of path) {
    found = level.find((n) => n.label === label);
    assert.ok(found, `no row ${path.join(' › ')} (stopped at ${label} among ${level.map((n) => n.label).join(', ')})`);
    level = found.children ?? [];
  }
  return found!;
}

test('buses → messages → handlers: handlers in run order, options shown, unregistered ones marked', () => {
  const tree = map();
  assert.deepEqual(
    tree.map((n) => n.label),
    ['Buses', 'Transports'],
  );
  assert.equal(row(tree, 'Buses', 'command.bus').description, 'default · 1 message');
  assert.equal(row(tree, 'Buses', 'command.bus', 'SmsNotification').description, '→ async');
  assert.equal(
    row(tree, 'Buses', 'command.bus', 'SmsNotification', 'SmsNotificationHandler').description,
    'from async',
  );
  const handlers = row(tree, 'Buses', 'event.bus', 'OrderPlaced').children!.map((h) => [
    h.label,
    h.description,
    h.contextValue,
  ]);
  assert.deepEqual(handlers, [
    ['OrderHandlers::stock', 'priority 10', 'handler'],
    ['OrderHandlers::confirm', '', 'handler'],
    ['AuditHandler', 'not registered', 'handler.unregistered'],
  ]);
  assert.equal(row(tree, 'Buses', 'event.bus', 'OrderPlaced').description, 'handled on dispatch (not routed)');
});

test("handlers keep the server's run order (the class's, then its parents', then `*`), whatever their priorities", () => {
  const project = sampleProject();
  // h-stock (priority 10) is a parent class's handler here: the runtime runs it after the class's own h-confirm.
  const order = { ...project.messages[1]!, handlers: { 'event.bus': ['h-confirm', 'h-stock'] } };
  const tree = buildMapTree({
    projects: [{ ...project, messages: [project.messages[0]!, order] }],
    stats: ready,
    diagnostics: [],
  });
  assert.deepEqual(
    row(tree, 'Buses', 'event.bus', 'OrderPlaced').children!.map((h) => h.label),
    ['OrderHandlers::confirm', 'OrderHandlers::stock', 'AuditHandler'],
  );
});

test('every row opens its code, and ids are unique across the tree', () => {
  const tree = map();
  const handler = row(tree, 'Buses', 'event.bus', 'OrderPlaced', 'OrderHandlers::stock');
  assert.deepEqual(handler.location, at('src/MessageHandler/OrderHandlers.ts', 4));
  assert.deepEqual(row(tree, 'Transports', 'async').location, at('config/packages/messenger.yaml', 12));
  const ids = [...walk(tree)].map((n) => n.id);
  assert.equal(new Set(ids).size, ids.length);
});

test('transports show their masked DSN, queued count, failure role and what routes to them', () => {
  const project = sampleProject();
  const leaky = {
    ...project,
    transports: [
      { ...project.transports[0]!, dsn: 'redis://app:s3cret@cache:6379/jobs' },
      ...project.transports.slice(1),
    ],
  };
  const tree = buildMapTree({ projects: [leaky], stats: ready, diagnostics: [] });
  // Defect 7: counts first, the DSN last (a narrow side bar cuts the end).
  assert.equal(row(tree, 'Transports', 'async').description, '3 queued · redis://app:****@cache:6379/jobs');
  assert.ok(!JSON.stringify(tree).includes('s3cret'));
  assert.equal(
    row(tree, 'Transports', 'failed').description,
    '1,200 queued · failure transport · sqlite://var/messenger.db?queue_name=failed',
  );
  assert.equal(row(tree, 'Transports', 'failed').contextValue, 'transport.failure');
  assert.equal(row(tree, 'Transports', 'sync').description, 'sync://');
  assert.deepEqual(
    row(tree, 'Transports', 'async').children!.map((c) => `${c.label} ${c.description}`),
    ['SmsNotification by its routing rule'],
  );
  assert.match(
    row(tree, 'Transports', 'async').tooltip ?? '',
    /\nQueued: 3 queued\nFailed messages go to: failed\nRetries: 3, after 1000 ms × 2$/,
  );
});

test('without counts the map says why: restricted mode, still counting, or the CLI failed (with the last counts kept)', () => {
  const untrusted = map({ stats: { kind: 'untrusted' } });
  assert.equal(untrusted[0]?.label, 'Queued counts need a trusted workspace');
  assert.equal(untrusted[0]?.command?.id, 'workbench.trust.manage');
  assert.doesNotMatch(row(untrusted, 'Transports', 'async').description ?? '', /queued/);
  assert.equal(map({ stats: { kind: 'loading' } })[0]?.label, 'Counting queued messages…');
  const failed = map({
    stats: { kind: 'failed', error: 'boom', last: ready.kind === 'ready' ? ready.counts : undefined },
  });
  assert.equal(failed[0]?.label, 'Queued counts unavailable');
  assert.match(row(failed, 'Transports', 'async').description ?? '', /3 queued/);
  assert.equal(map({ stats: { kind: 'unknown' } })[0]?.label, 'Buses');
});

test('a diagnostic badges its row (a handler: on the decorator or the next line) and every row above it', () => {
  const warning: DiagnosticInfo = {
    file: `${DIR}/src/MessageHandler/AuditHandler.ts`,
    range: { start: { line: 6, character: 13 }, end: { line: 6, character: 25 } },
    severity: 'warning',
    message: 'AuditHandler is not registered',
    code: 'unregistered-handler',
  };
  const error: DiagnosticInfo = {
    file: `${DIR}/config/packages/messenger.yaml`,
    range: { start: { line: 12, character: 4 }, end: { line: 12, character: 9 } },
    severity: 'error',
    message: 'bad dsn redis://u:pw@h',
    code: 'x',
  };
  const outside: DiagnosticInfo = { ...warning, file: '/elsewhere/x.ts' };
  const tree = map({ diagnostics: [warning, error, outside] });
  const audit = row(tree, 'Buses', 'event.bus', 'OrderPlaced', 'AuditHandler');
  assert.equal(audit.icon, 'warning');
  assert.equal(audit.description, 'not registered  ⚠ 1');
  assert.match(audit.tooltip ?? '', /warning: AuditHandler is not registered/);
  assert.equal(row(tree, 'Buses', 'event.bus', 'OrderPlaced').description, 'handled on dispatch (not routed)  ⚠ 1');
  assert.equal(
    row(tree, 'Buses', 'event.bus').icon,
    'server-process',
    'a parent keeps its icon: the problem is not its own',
  );
  assert.match(row(tree, 'Buses', 'event.bus').description ?? '', /⚠ 1$/);
  assert.equal(row(tree, 'Transports', 'async').icon, 'error');
  const problems = row(tree, 'Problems');
  assert.equal(problems.description, '1 error, 1 warning');
  assert.deepEqual(
    problems.children!.map((p) => [p.label, p.description]),
    [
      ['bad dsn redis://u:****@h', 'config/packages/messenger.yaml:13'],
      ['AuditHandler is not registered', 'src/MessageHandler/AuditHandler.ts:7'],
    ],
  );
});

test('several projects get a row each, with ids that do not collide', () => {
  const other = sampleProject({ projectDir: '/app/services/billing' });
  const tree = buildMapTree({
    projects: [sampleProject(), other],
    stats: ready,
    diagnostics: [],
    workspaceDir: '/app',
  });
  assert.deepEqual(
    tree.map((n) => n.label),
    ['/app', 'services/billing'],
  );
  const ids = [...walk(tree)].map((n) => n.id);
  assert.equal(new Set(ids).size, ids.length);
  assert.ok([...walk(tree)].some((n) => n.id === 'project:/app/services/billing'));
});
