import type { ServerCapabilities } from 'vscode-languageserver';
import type { AnalysisResult } from '../analysis/index.js';
import type { Position } from '../protocol.js';

/** The document a request is about: an absolute path (the server answers for files only). */
export interface DocumentRef {
  readonly file: string;
}

/**
 * An editor feature that answers at a position: hover, definition, references, highlights…
 * A plain function of the analysis of the document's project (its model and its position
 * index), so tests call it without a connection; the server registers each feature's request
 * and advertises its capabilities (main.ts), and routes the request to the document's project.
 */
export interface PositionFeature<Result> {
  /** The LSP request it answers, e.g. `textDocument/documentHighlight`. */
  readonly method: string;
  /** What `initialize` advertises for it. */
  readonly capabilities: ServerCapabilities;
  answer(analysis: AnalysisResult, document: DocumentRef, position: Position): Result;
}
