/**
 * The static model of messages, handlers and routes, and its diagnostics: used by the
 * language server, by `messenger check`, and (through the protocol) by the editor's views.
 */
export { Workspace, type WorkspaceOptions, type WorkspaceStats, type AnalysisResult } from './Workspace.js';
export { runCheckCommand, type CheckOptions, CHECK_FORMATS, FAIL_ON } from './check/runCheckCommand.js';
export { toJson as diagnosticsToJson } from './check/format.js';
export type { Diagnostic, Severity, SeverityOverrides, RelatedInformation } from './diagnostics/types.js';
export { parseSeverities } from './settings.js';
export { staticHandlerMapping } from './model/queries.js';
export type { Model } from './model/assemble.js';
export { extractFacts, MAX_FILE_SIZE } from './facts/extractFacts.js';
export { PositionIndex, identityOf, type PlacedElement } from './positions/PositionIndex.js';
export type { ModelElement, ElementKind } from './positions/elements.js';
