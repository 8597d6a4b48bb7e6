import { join } from 'node:path';
import { bootstrapModuleSetting } from '@messenger-ts/runtime/layout';
import {
  type DiagnosticCode,
  isSeverity,
  type Severity,
  type SeverityOverrides,
  severitySettingProblem,
} from './diagnostics/types.js';
import type { FileReader } from './project/files.js';

/** What the project's package.json tells the analysis, under `"messenger"`. */
export interface PackageSettings {
  /** `"app"`: the bootstrap module, as the CLI reads it. */
  readonly app: string | undefined;
  /** `"diagnostics": { "unrouted-message": "warning", "missing-handler": "off" }`. */
  readonly severities: SeverityOverrides;
  /** Entries of `"diagnostics"` that are not used, and why. */
  readonly problems: readonly string[];
}

/** Reads package.json's `"messenger"` settings; a missing or broken package.json has none, as the CLI sees it. */
export function readPackageSettings(projectDir: string, reader: FileReader): PackageSettings {
  const text = reader.read(join(projectDir, 'package.json'));
  let json: { messenger?: { diagnostics?: unknown } } | undefined;
  try {
    json = text === undefined ? undefined : (JSON.parse(text) as typeof json);
  } catch {
    json = undefined;
  }
  return { app: bootstrapModuleSetting(json), ...parseSeverities(json?.messenger?.diagnostics) };
}

/** The well-formed entries of a `{ code: severity }` object, and why each other one is left out. */
export function parseSeverities(value: unknown): { severities: SeverityOverrides; problems: string[] } {
  if (value === undefined || value === null) return { severities: {}, problems: [] };
  if (typeof value !== 'object' || Array.isArray(value))
    return { severities: {}, problems: ['severities must be an object of { "<code>": "<severity>" }'] };
  const severities: Partial<Record<DiagnosticCode, Severity | 'off'>> = {};
  const problems: string[] = [];
  for (const [code, severity] of Object.entries(value)) {
    const problem = severitySettingProblem(code, severity);
    if (problem !== undefined) problems.push(problem);
    else if (isSeverity(severity)) severities[code as DiagnosticCode] = severity;
  }
  return { severities, problems };
}
