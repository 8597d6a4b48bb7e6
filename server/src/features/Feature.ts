import type { ClientCapabilities, ServerCapabilities } from 'vscode-languageserver';
import type { AnalysisResult } from '../analysis/index.js';
import type { Position } from '../protocol.js';

/** The document a request is about: an absolute path (the server answers for files only). */
export interface DocumentRef {
  readonly file: string;
}

/** The params of every request about a document. */
export interface DocumentParams {
  readonly textDocument: { readonly uri: string };
}

/** The params of every request about a position in a document. */
export interface PositionParams extends DocumentParams {
  readonly position: Position;
}

interface FeatureBase {
  /** The LSP request it answers, e.g. `textDocument/hover`. */
  readonly method: string;
  /** What `initialize` advertises for it (merged with the other features'). */
  readonly capabilities: ServerCapabilities;
  /**
   * `latest`: it may answer from the last analysis made, without analysing pending edits first
   * (it reads the document's current text itself). Completion is asked at each keystroke:
   * analysing first would undo the coalescing of edits. Default: the current analysis.
   */
  readonly analysis?: 'current' | 'latest';
}

/**
 * An editor feature that answers at a position: hover, definition, references, completion…
 * A plain function of the analysis of the document's project (its model, its position index,
 * the texts it read), so tests call it without a connection.
 */
export interface PositionFeature<Result, Params extends PositionParams = PositionParams> extends FeatureBase {
  readonly scope: 'position';
  answer(
    analysis: AnalysisResult,
    document: DocumentRef,
    position: Position,
    params: Params,
    client: ClientCapabilities,
  ): Result;
}

/** A feature that answers about a whole document or a range of it: symbols, code lenses, code actions… */
export interface DocumentFeature<Result, Params extends DocumentParams = DocumentParams> extends FeatureBase {
  readonly scope: 'document';
  /** `client`: what the client said it can do at initialize (e.g. resolve a code action's edit later). */
  answer(analysis: AnalysisResult, document: DocumentRef, params: Params, client: ClientCapabilities): Result;
}

/** A feature that answers from every project of the workspace: workspace symbols. */
export interface WorkspaceFeature<Result, Params = unknown> extends FeatureBase {
  readonly scope: 'workspace';
  answer(analyses: readonly AnalysisResult[], params: Params, client: ClientCapabilities): Result;
}

/**
 * A feature that completes an item it answered earlier (`codeAction/resolve`,
 * `completionItem/resolve`): the item says which document it is about (what the feature put in
 * its `data`), and is answered unchanged when no project has that document.
 */
export interface ResolveFeature<Item> extends FeatureBase {
  readonly scope: 'resolve';
  /** The document the item is about, an absolute path. */
  documentOf(item: Item): string | undefined;
  answer(analysis: AnalysisResult, document: DocumentRef, item: Item, client: ClientCapabilities): Item;
}

/**
 * Any feature: the server registers its request, routes it to the document's project (or to
 * every project) with pending edits analysed first, and answers null when no project has it.
 * A feature is one module of features/ and one line of FEATURES (features/index.ts).
 */
export type Feature =
  | PositionFeature<unknown, AnyParams>
  | DocumentFeature<unknown, AnyParams>
  | WorkspaceFeature<unknown, AnyParams>
  | ResolveFeature<AnyParams>;

// biome-ignore lint/suspicious/noExplicitAny: a list of features mixes their params; each feature types its own.
type AnyParams = any;
