import { join } from 'node:path';
import type { FileReader } from './project/files.js';
import { isSeverity, type SeverityOverrides } from './diagnostics/types.js';

/** What the project's package.json tells the analysis, under `"messenger"`. */
export interface PackageSettings {
  /** `"app"`: the bootstrap module, as the CLI reads it. */
  readonly app: string | undefined;
  /** `"diagnostics": { "unrouted-message": "warning", "missing-handler": "off" }`. */
  readonly severities: SeverityOverrides;
}

/** Reads package.json's `"messenger"` settings; a missing or broken package.json has none, as the CLI sees it. */
export function readPackageSettings(projectDir: string, reader: FileReader): PackageSettings {
  const text = reader.read(join(projectDir, 'package.json'));
  let messenger: { app?: unknown; diagnostics?: unknown } | undefined;
  try {
    messenger =
      text === undefined
        ? undefined
        : (JSON.parse(text) as { messenger?: { app?: unknown; diagnostics?: unknown } }).messenger;
  } catch {
    messenger = undefined;
  }
  return {
    app: typeof messenger?.app === 'string' ? messenger.app : undefined,
    severities: parseSeverities(messenger?.diagnostics),
  };
}

/** Keeps the well-formed entries of a `{ code: severity }` object. */
export function parseSeverities(value: unknown): SeverityOverrides {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(Object.entries(value).filter(([, severity]) => isSeverity(severity))) as SeverityOverrides;
}
