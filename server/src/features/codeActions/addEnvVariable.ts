import { defaultDsn, envFile, withVariable } from './envEdits.js';
import { EditBuilder } from './edits.js';
import type { FixContext, FixedDiagnostic, QuickFix } from './QuickFix.js';

/**
 * `%env(NAME)%` for a variable no .env file defines: NAME added to .env. A transport's DSN gets
 * one that works with no broker, to replace; another variable an empty value to fill in.
 */
export const addEnvVariable: QuickFix = {
  id: 'add-env-variable',
  codes: ['env-not-found'],
  offers(_context, diagnostic) {
    const name = diagnostic.data.unknownName;
    return name === undefined ? [] : [{ title: `Define ${name} in .env`, args: {}, preferred: true }];
  },
  edit(context, diagnostic) {
    const name = diagnostic.data.unknownName;
    if (name === undefined) return undefined;
    const file = envFile(context.model);
    const text = context.read(file);
    const value = isTransportDsn(context, diagnostic, name) ? defaultDsn(context.model) : '';
    const edit = new EditBuilder();
    if (text === undefined) edit.create(file, withVariable('', name, value));
    else edit.rewrite(file, text, withVariable(text, name, value));
    return edit.build();
  },
};

/** A transport's DSN: on a `dsn:` line, or named so (`*_DSN`, as Symfony's recipes name them). */
function isTransportDsn(context: FixContext, diagnostic: FixedDiagnostic, name: string): boolean {
  const line = context.read(diagnostic.file)?.split('\n')[diagnostic.range.start.line] ?? '';
  return /^\s*dsn\s*:/.test(line) || /_DSN$/.test(name);
}
