import assert from 'node:assert/strict';
import { test } from 'node:test';
import { targetOf } from '../../src/tree/commandTarget';
import type { TreeNode } from '../../src/tree/TreeNode';

test("a command reads the same target from a row (its data) or from a click's plain argument", () => {
  const row: TreeNode = {
    id: 'x',
    label: 'SmsNotification',
    data: { transport: 'failed', id: '5', class: 'SmsNotification' },
  };
  assert.deepEqual(targetOf(row), {
    transport: 'failed',
    id: '5',
    className: 'SmsNotification',
    filter: undefined,
    workerId: undefined,
  });
  assert.deepEqual(targetOf({ transport: 'failed', className: 'A' }), {
    transport: 'failed',
    id: undefined,
    className: 'A',
    filter: undefined,
    workerId: undefined,
  });
  assert.equal(targetOf({ id: 'w', label: '#2', data: { workerId: 2 } }).workerId, 2);
  assert.deepEqual(targetOf(undefined), {});
  assert.deepEqual(targetOf(3), {});
});
