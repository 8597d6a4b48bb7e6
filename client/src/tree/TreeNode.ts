/**
 * A row of one of the Messenger views, as plain data: the pure tree builders (map, workers,
 * failed messages) produce these, the views turn them into TreeItems, and the test-only
 * command returns them as they are. Everything shown here is already masked.
 */
import type { SourceRef } from '@messenger-ts/server/protocol';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface TreeNode {
  /** Unique in its view and stable across refreshes, so VS Code keeps what is expanded. */
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  /** A codicon name (`database`, `play-circle`…). */
  readonly icon?: string;
  /** A theme color id for the icon (`errorForeground`…). */
  readonly iconColor?: string;
  /** What menus key on (`view/item/context` `when` clauses). */
  readonly contextValue?: string;
  /** Clicking opens this place in the code. */
  readonly location?: SourceRef;
  /** Clicking runs this command (when there is no location). */
  readonly command?: { readonly id: string; readonly title: string; readonly args?: readonly unknown[] };
  /** Undefined: a leaf. */
  readonly children?: readonly TreeNode[];
  readonly expanded?: boolean;
  /** What commands run from this row need (a transport name, a message id…). */
  readonly data?: Readonly<Record<string, unknown>>;
}

/** Every node of a forest, depth first (for tests and for finding a node by id). */
export function* walk(nodes: readonly TreeNode[]): Generator<TreeNode> {
  for (const node of nodes) {
    yield node;
    if (node.children) yield* walk(node.children);
  }
}

/** Plural-aware counts: `count(1, 'message')` → `1 message`, with thousands separators. */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? noun : plural}`;
}
