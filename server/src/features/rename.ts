import {
  ErrorCodes,
  type PrepareRenameParams,
  type RenameParams,
  ResponseError,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { AnalysisResult } from '../analysis/index.js';
import { uriOf } from '../convert.js';
import type { Position, Range } from '../protocol.js';
import type { PositionFeature } from './Feature.js';
import { nameOccurrences } from './shared/occurrences.js';
import { targetAt } from './shared/targets.js';

/** The transport or bus name written at a position (a key or value of messenger.yaml, a string of the code), quotes left out. */
function renamable(
  analysis: AnalysisResult,
  file: string,
  position: Position,
): { kind: 'transport' | 'bus'; name: string; range: Range } | undefined {
  const target = targetAt(analysis, file, position);
  if (target === undefined || (target.kind !== 'transport' && target.kind !== 'bus') || !target.exact) return undefined;
  return { kind: target.kind, name: target.name, range: target.range };
}

/** `textDocument/prepareRename`: only a transport or a bus name can be renamed here (the TypeScript server renames the rest). */
export const prepareRename: PositionFeature<{ range: Range; placeholder: string } | null, PrepareRenameParams> = {
  scope: 'position',
  method: 'textDocument/prepareRename',
  capabilities: {},
  answer(analysis, document, position) {
    const found = renamable(analysis, document.file, position);
    return found === undefined ? null : { range: found.range, placeholder: found.name };
  },
};

/**
 * `textDocument/rename` of a transport or a bus: its key in messenger.yaml, the routing,
 * failure_transport and default_bus values that name it, and the code's strings (fromTransport,
 * bus, @AsMessage transport, TransportNamesStamp, getBus).
 */
export const rename: PositionFeature<WorkspaceEdit | null, RenameParams> = {
  scope: 'position',
  method: 'textDocument/rename',
  capabilities: { renameProvider: { prepareProvider: true } },
  answer(analysis, document, position, params) {
    const found = renamable(analysis, document.file, position);
    if (found === undefined) return null;
    const newName = params.newName.trim();
    const problem = invalidName(analysis, found.kind, found.name, newName);
    if (problem !== undefined) throw new ResponseError(ErrorCodes.InvalidParams, problem);
    const changes: Record<string, TextEdit[]> = {};
    for (const occurrence of nameOccurrences(analysis, found.kind, found.name))
      (changes[uriOf(occurrence.file)] ??= []).push({ range: occurrence.range, newText: newName });
    return { changes };
  },
};

function invalidName(
  analysis: AnalysisResult,
  kind: 'transport' | 'bus',
  name: string,
  newName: string,
): string | undefined {
  if (newName === '' || /[\s'"`:#,[\]{}]/.test(newName))
    return `"${newName}" cannot name a ${kind}: use letters, digits, dots, dashes or underscores.`;
  if (newName === name) return undefined;
  const existing = kind === 'transport' ? analysis.model.config.transports : analysis.model.config.buses;
  if (existing.has(newName)) return `A ${kind} named "${newName}" already exists.`;
  return undefined;
}
