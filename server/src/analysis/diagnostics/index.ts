import type { FileFacts } from '../facts/types.js';
import type { MessageInfo, Model } from '../model/assemble.js';
import { applicationProblems, configProblem } from './config.js';
import { handlerDiagnostics } from './handlers.js';
import { messageDiagnostics } from './messages.js';
import { type PayloadResult, payloadDiagnostics } from './payload.js';
import { type Diagnostic, type DiagnosticCode, diagnostic } from './types.js';

/** Handler diagnostics that judge the code against messenger.yaml's buses and transports. */
const CONFIG_DEPENDENT: ReadonlySet<DiagnosticCode> = new Set(['unknown-handler-bus']);

const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** Every diagnostic of a project: config problems, then what the model shows. */
export function computeDiagnostics(
  model: Model,
  facts: Iterable<FileFacts>,
  payload?: (info: MessageInfo) => PayloadResult,
): Diagnostic[] {
  const out: Diagnostic[] = model.configResult.problems.map((problem) => configProblem(problem, model));
  // Once the YAML has errors the runtime stops there; the analysis still goes on, with what it could read.
  out.push(...applicationProblems(model));
  // A messenger.yaml that does not parse says nothing reliable about buses, transports and
  // routes: judged against what is left of it, every handler and dispatch would be flagged.
  // (While editing, the last config that parsed stands in for it, and is judged as before.)
  const configUnreadable =
    !model.configStale && model.configResult.problems.some((problem) => problem.code === 'yaml-syntax');
  out.push(
    ...(configUnreadable
      ? handlerDiagnostics(model).filter((d) => !CONFIG_DEPENDENT.has(d.code))
      : handlerDiagnostics(model)),
  );
  if (!configUnreadable) {
    out.push(...messageDiagnostics(model));
    out.push(...payloadDiagnostics(model, payload));
  }
  for (const f of facts) {
    if (f.skipped !== undefined)
      out.push(
        diagnostic(
          'file-not-analysed',
          { file: f.file, range: ZERO },
          `This file was not analysed: ${f.skipped}. Messages, handlers and dispatches in it are not seen.`,
        ),
      );
    if (f.firstSyntaxError !== undefined) {
      out.push(
        diagnostic(
          'file-not-analysed',
          { file: f.file, range: f.firstSyntaxError.range },
          `This file does not parse (${f.firstSyntaxError.message}${f.syntaxErrors > 1 ? `, and ${f.syntaxErrors - 1} more` : ''}): the analysis read what it could, and may miss messages, handlers or dispatches after this point.`,
        ),
      );
    }
  }
  if (model.bootstrap === undefined && model.handlerDefs.length > 0) {
    const first = model.handlerDefs[0]!;
    out.push(
      diagnostic(
        'no-application',
        { file: first.cls.file, range: first.cls.decl.range },
        `No createMessenger() call found (looked in ${model.bootstrapModule.slice(model.projectDir.length + 1)} first): every @AsMessageHandler class is assumed registered. Set "messenger": { "app": "…" } in package.json if the bootstrap module lives elsewhere.`,
        { data: { targetFile: model.bootstrapModule } },
      ),
    );
  }
  return out;
}
