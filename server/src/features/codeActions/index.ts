import { existsSync } from 'node:fs';
import {
  type ClientCapabilities,
  type CodeAction,
  CodeActionKind,
  type CodeActionParams,
  CodeActionRequest,
  CodeActionResolveRequest,
  type Diagnostic as LspDiagnostic,
  type ServerCapabilities,
} from 'vscode-languageserver';
import type { AnalysisResult } from '../../analysis/index.js';
import { toLspDiagnostic } from '../../convert.js';
import { DIAGNOSTIC_SOURCE, type DiagnosticData, isDiagnosticCode, type Range } from '../../protocol.js';
import type { DocumentFeature, ResolveFeature } from '../Feature.js';
import { addEnvVariable } from './addEnvVariable.js';
import { bindHandler } from './bindHandler.js';
import { createHandler } from './createHandler.js';
import type { FixContext, FixedDiagnostic, QuickFix } from './QuickFix.js';
import { registerHandler } from './registerHandler.js';
import { replaceName } from './replaceName.js';
import { routeMessage } from './routeMessage.js';
import { writeMessageClass } from './writeMessageClass.js';

export type { FixContext } from './QuickFix.js';

/** Every quick-fix; a new one is a module of this directory, added here. */
export const QUICK_FIXES: readonly QuickFix[] = [
  createHandler,
  routeMessage,
  replaceName,
  writeMessageClass,
  registerHandler,
  addEnvVariable,
  bindHandler,
];

/** Offered at once (titles only), resolved when picked (`codeAction/resolve` computes the edit). */
export const CODE_ACTION_CAPABILITIES: ServerCapabilities = {
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix], resolveProvider: true },
};

/** `textDocument/codeAction`: the feature the server registers. */
export const codeAction: DocumentFeature<CodeAction[], CodeActionParams> = {
  scope: 'document',
  method: CodeActionRequest.method,
  capabilities: CODE_ACTION_CAPABILITIES,
  answer: (analysis, document, params, client) =>
    codeActions(fixContext(analysis), document.file, params, !resolvesEdits(client)),
};

/** `codeAction/resolve`: the edit of the fix picked, from the files as they are now. */
export const codeActionResolve: ResolveFeature<CodeAction> = {
  scope: 'resolve',
  method: CodeActionResolveRequest.method,
  capabilities: {},
  documentOf: actionFile,
  answer: (analysis, _document, action) => resolveCodeAction(fixContext(analysis), action),
};

/** The client asks for a code action's edit when it is picked; else the edits come with the actions. */
function resolvesEdits(client: ClientCapabilities): boolean {
  return client.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') === true;
}

/** What the fixes read: the analysis, and the files as the editor has them (open buffers first). */
function fixContext(analysis: AnalysisResult): FixContext {
  return {
    analysis,
    model: analysis.model,
    read: (path) => analysis.text(path),
    exists: (path) => analysis.text(path) !== undefined || existsSync(path),
  };
}

/** What an offered action carries to its resolution. */
interface ActionData {
  readonly messenger: 'quick-fix';
  readonly fix: string;
  readonly diagnostic: FixedDiagnostic;
  readonly args: Readonly<Record<string, string>>;
}

/** The file a code action is about, read back from its data (to find its project); undefined for another server's action. */
export function actionFile(action: CodeAction): string | undefined {
  const data = action.data as Partial<ActionData> | undefined;
  return data?.messenger === 'quick-fix' ? data.diagnostic?.file : undefined;
}

/**
 * `textDocument/codeAction`: the quick-fixes of the messenger diagnostics in the range. With
 * `resolveEdits` (a client that cannot resolve actions) each carries its edit already.
 */
export function codeActions(
  context: FixContext,
  file: string,
  params: Pick<CodeActionParams, 'range' | 'context'>,
  resolveEdits: boolean,
): CodeAction[] {
  if (
    params.context.only !== undefined &&
    !params.context.only.some((kind) => CodeActionKind.QuickFix.startsWith(kind))
  )
    return [];
  const actions: CodeAction[] = [];
  for (const { lsp, diagnostic } of diagnosticsAt(context.analysis, file, params)) {
    for (const fix of QUICK_FIXES) {
      if (!fix.codes.includes(diagnostic.code)) continue;
      for (const offer of fix.offers(context, diagnostic)) {
        const action: CodeAction = {
          title: offer.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [lsp],
          ...(offer.preferred ? { isPreferred: true } : {}),
          data: { messenger: 'quick-fix', fix: fix.id, diagnostic, args: offer.args } satisfies ActionData,
        };
        actions.push(resolveEdits ? resolveCodeAction(context, action) : action);
      }
    }
  }
  return actions.filter((action) => action.edit !== undefined || !resolveEdits);
}

/** `codeAction/resolve`: the edit of an offered fix, computed from the current state of the files. */
export function resolveCodeAction(context: FixContext, action: CodeAction): CodeAction {
  const data = action.data as ActionData;
  const fix = QUICK_FIXES.find((f) => f.id === data.fix);
  const edit = fix?.edit(context, data.diagnostic, data.args);
  return edit === undefined ? action : { ...action, edit };
}

/** The messenger diagnostics the client sent for the range, else those of the analysis that touch it. */
function diagnosticsAt(
  analysis: AnalysisResult,
  file: string,
  params: Pick<CodeActionParams, 'range' | 'context'>,
): Array<{ lsp: LspDiagnostic; diagnostic: FixedDiagnostic }> {
  const sent = params.context.diagnostics.filter(
    (d) => d.source === DIAGNOSTIC_SOURCE && typeof d.code === 'string' && isDiagnosticCode(d.code),
  );
  const lsp =
    sent.length > 0
      ? sent
      : (analysis.byFile.get(file) ?? []).filter((d) => overlaps(d.range, params.range)).map(toLspDiagnostic);
  const own = analysis.byFile.get(file) ?? [];
  return lsp.map((d) => {
    // A client may drop `data`: the analysis' own diagnostic at that place has it.
    const data =
      typeof d.data === 'object' && d.data !== null
        ? (d.data as DiagnosticData)
        : (own.find((o) => o.code === d.code && sameStart(o.range, d.range))?.data ?? {});
    return {
      lsp: d,
      diagnostic: {
        file,
        range: d.range,
        code: d.code as FixedDiagnostic['code'],
        message: typeof d.message === 'string' ? d.message : d.message.value,
        data,
      },
    };
  });
}

function sameStart(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character;
}

function overlaps(a: Range, b: Range): boolean {
  const before = (x: Range['start'], y: Range['start']) =>
    x.line < y.line || (x.line === y.line && x.character < y.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
