/**
 * Diagnostics badges on the map's rows: a row whose own code has a problem takes the
 * problem's icon and lists it in its tooltip; every row shows the errors and warnings found in
 * it or below it (`✖ 1 ⚠ 2`), so a collapsed bus still tells that something inside is wrong.
 * Rows must be built children first (each row's problems include its children's).
 */
import type { SourceRef } from '@messenger-ts/server/protocol';
import { maskText } from '../masking/maskCredentials';
import type { TreeNode } from '../tree/TreeNode';
import { countProblems, type DiagnosticInfo, problemBadge, problemsAt, SEVERITY_ICON, worstSeverity } from './problems';

export type { DiagnosticInfo } from './problems';

/** The problems in a row and below it, remembered for its parent. */
const inside = new WeakMap<TreeNode, ReadonlySet<DiagnosticInfo>>();

/**
 * `scope`: where the row's own problems are (default: its location). A handler's location is
 * its decorator; the server reports handler problems on the decorator or the declaration that
 * follows it, so handler rows pass the decorator and the next line.
 */
export function withProblems(
  node: TreeNode,
  diagnostics: readonly DiagnosticInfo[],
  scope: SourceRef | undefined = node.location,
): TreeNode {
  if (diagnostics.length === 0) return node;
  const own = problemsAt(diagnostics, scope);
  const all = new Set(own);
  for (const child of node.children ?? []) for (const d of inside.get(child) ?? []) all.add(d);
  const badge = problemBadge(countProblems([...all]));
  const worstOwn = worstSeverity(countProblems(own));
  const ownIcon = worstOwn === 'error' || worstOwn === 'warning' ? SEVERITY_ICON[worstOwn] : undefined;
  const result: TreeNode = {
    ...node,
    description: [node.description ?? '', badge].filter((p) => p !== '').join('  '),
    tooltip:
      own.length === 0
        ? node.tooltip
        : [node.tooltip ?? node.label, '', ...own.map((d) => `${d.severity}: ${maskText(d.message)}`)].join('\n'),
    icon: ownIcon?.icon ?? node.icon,
    iconColor: ownIcon?.color ?? node.iconColor,
  };
  inside.set(result, all);
  return result;
}

/** A decorator and the line after it (the class or method it decorates). */
export function decoratedScope(location: SourceRef): SourceRef {
  return {
    file: location.file,
    range: { start: location.range.start, end: { line: location.range.end.line + 1, character: 0 } },
  };
}
