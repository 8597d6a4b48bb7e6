/**
 * The static model of messages, handlers and routes, and its diagnostics: used by the
 * language server, by `messenger check`, and (through the protocol) by the editor's views.
 */
export { Workspace, type WorkspaceOptions, type WorkspaceStats, type AnalysisResult } from './Workspace.js';
export { runCheckCommand, type CheckOptions } from './check/runCheckCommand.js';
export { formatDiagnostic, toJson as diagnosticsToJson } from './check/format.js';
export { type Diagnostic, type Severity, type SeverityOverrides, type RelatedInformation, ANALYSIS_CODES, isSeverity } from './diagnostics/types.js';
export { readPackageSeverities, parseSeverities } from './settings.js';
export { staticHandlerMapping } from './model/queries.js';
export type { Model } from './model/assemble.js';
export { extractFacts, MAX_FILE_SIZE } from './facts/extractFacts.js';
