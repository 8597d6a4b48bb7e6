import { relative, sep } from 'node:path';
import type { Severity } from '../../protocol.js';
import type { Diagnostic } from '../diagnostics/types.js';

const COMMANDS: Record<Severity, 'error' | 'warning' | 'notice'> = {
  error: 'error',
  warning: 'warning',
  information: 'notice',
  hint: 'notice',
};

/**
 * GitHub Actions workflow commands: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`,
 * one per diagnostic, which GitHub shows as annotations on the pull request's diff. Paths are
 * relative to `base` (the repository root when run from it), with `/`.
 */
export function toGithubAnnotations(diagnostics: readonly Diagnostic[], base: string): string {
  return diagnostics
    .map((d) => {
      const file = (relative(base, d.file) || d.file).split(sep).join('/');
      const properties = [
        `file=${property(file)}`,
        `line=${d.range.start.line + 1}`,
        `col=${d.range.start.character + 1}`,
        `endLine=${d.range.end.line + 1}`,
        `endColumn=${d.range.end.character + 1}`,
        `title=${property(`messenger ${d.code}`)}`,
      ];
      return `::${COMMANDS[d.severity]} ${properties.join(',')}::${data(d.message)}\n`;
    })
    .join('');
}

/** The escaping GitHub's runner undoes in a command's message. */
function data(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** And in a property value, where `:` and `,` separate. */
function property(text: string): string {
  return data(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}
