import { relative, sep } from 'node:path';
import { DIAGNOSTIC_DEFAULT_SEVERITIES, type Severity } from '../../protocol.js';
import type { Diagnostic } from '../diagnostics/types.js';

const LEVELS: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

/**
 * SARIF 2.1.0 (what GitHub code scanning and most CI dashboards read): one run of the
 * `messenger check` tool, a rule per code with its default level, a result per diagnostic with
 * its region (1-based, UTF-16 columns as in the editor). Paths are relative to `base`
 * (`%SRCROOT%`), so results open at the right file wherever the repository is checked out.
 */
export function toSarif(diagnostics: readonly Diagnostic[], base: string, version: string): object {
  const codes = [...new Set(diagnostics.map((d) => d.code))].sort();
  const index = new Map(codes.map((code, i) => [code, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'messenger check',
            version,
            informationUri: 'https://github.com/messenger-ts/messenger-ts#checking-a-project-messenger-check',
            rules: codes.map((code) => ({
              id: code,
              name: code,
              shortDescription: { text: code.replaceAll('-', ' ') },
              defaultConfiguration: { level: LEVELS[DIAGNOSTIC_DEFAULT_SEVERITIES[code]] },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToUri(base)}/` } },
        columnKind: 'utf16CodeUnits',
        results: diagnostics.map((d) => ({
          ruleId: d.code,
          ruleIndex: index.get(d.code),
          level: LEVELS[d.severity],
          message: { text: d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: relativeUri(base, d.file), uriBaseId: '%SRCROOT%' },
                region: {
                  startLine: d.range.start.line + 1,
                  startColumn: d.range.start.character + 1,
                  endLine: d.range.end.line + 1,
                  endColumn: d.range.end.character + 1,
                },
              },
            },
          ],
          ...(d.related
            ? {
                relatedLocations: d.related.map((r, id) => ({
                  id,
                  message: { text: r.message },
                  physicalLocation: {
                    artifactLocation: { uri: relativeUri(base, r.file), uriBaseId: '%SRCROOT%' },
                    region: { startLine: r.range.start.line + 1, startColumn: r.range.start.character + 1 },
                  },
                })),
              }
            : {}),
        })),
      },
    ],
  };
}

function relativeUri(base: string, file: string): string {
  return (relative(base, file) || '.').split(sep).map(encodeURIComponent).join('/');
}

function pathToUri(path: string): string {
  return `file://${path.split(sep).map(encodeURIComponent).join('/')}`;
}
