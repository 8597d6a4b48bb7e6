import { join } from 'node:path';
import { diskReader, type FileReader } from './project/files.js';
import { isSeverity, type SeverityOverrides } from './diagnostics/types.js';

/**
 * Severity overrides from the project's package.json, shared by `messenger check` and the
 * language server: `"messenger": { "diagnostics": { "unrouted-message": "warning", "missing-handler": "off" } }`.
 */
export function readPackageSeverities(projectDir: string, reader: FileReader = diskReader): SeverityOverrides {
  const text = reader.read(join(projectDir, 'package.json'));
  if (text === undefined) return {};
  try {
    const settings = (JSON.parse(text) as { messenger?: { diagnostics?: unknown } }).messenger?.diagnostics;
    return parseSeverities(settings);
  } catch {
    return {};
  }
}

/** Keeps the well-formed entries of a `{ code: severity }` object. */
export function parseSeverities(value: unknown): SeverityOverrides {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(Object.entries(value).filter(([, severity]) => isSeverity(severity))) as SeverityOverrides;
}
