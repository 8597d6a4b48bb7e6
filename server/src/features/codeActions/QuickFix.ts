import type { WorkspaceEdit } from 'vscode-languageserver';
import type { AnalysisResult } from '../../analysis/index.js';
import type { Model } from '../../analysis/model/assemble.js';
import type { DiagnosticCode, DiagnosticData, Range } from '../../protocol.js';

/** A diagnostic of ours as a fix reads it: where it is and the data it carries. */
export interface FixedDiagnostic {
  readonly file: string;
  readonly range: Range;
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly data: DiagnosticData;
}

/** What a fix reads: the analysis of the project, and each file's text as the editor has it (unsaved buffers first). */
export interface FixContext {
  readonly analysis: AnalysisResult;
  readonly model: Model;
  read(path: string): string | undefined;
  exists(path: string): boolean;
}

/** One fix offered for one diagnostic: the title shown, and what the edit needs (plain JSON: it goes to the client and back). */
export interface FixOffer {
  readonly title: string;
  readonly args: Readonly<Record<string, string>>;
  readonly preferred?: boolean;
}

/**
 * A quick-fix: which diagnostics it answers, what it offers for one (cheap: computed at each
 * Ctrl+.), and the edit of an offer (computed when the user picks it: `codeAction/resolve`).
 */
export interface QuickFix {
  readonly id: string;
  readonly codes: readonly DiagnosticCode[];
  offers(context: FixContext, diagnostic: FixedDiagnostic): FixOffer[];
  edit(
    context: FixContext,
    diagnostic: FixedDiagnostic,
    args: Readonly<Record<string, string>>,
  ): WorkspaceEdit | undefined;
}
