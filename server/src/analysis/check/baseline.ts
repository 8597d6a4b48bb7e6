import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import type { Diagnostic } from '../diagnostics/types.js';

/** The file `messenger check` reads by default in the checked directory. */
export const BASELINE_FILE = 'messenger-baseline.json';
const BASELINE_VERSION = 1;

/**
 * Known problems, accepted when the check was adopted: by file, code and message, with how many
 * there are (not by line: an edit above them must not make them new). Paths relative to the
 * checked directory, so the file works on every machine.
 */
export interface Baseline {
  readonly version: number;
  readonly problems: ReadonlyArray<{
    readonly file: string;
    readonly code: string;
    readonly message: string;
    readonly count: number;
  }>;
}

function keyOf(file: string, code: string, message: string): string {
  return `${file}\0${code}\0${message}`;
}

function fileOf(base: string, d: Diagnostic): string {
  return (relative(base, d.file) || '.').split(sep).join('/');
}

export function generateBaseline(diagnostics: readonly Diagnostic[], base: string): Baseline {
  const counts = new Map<string, { file: string; code: string; message: string; count: number }>();
  for (const d of diagnostics) {
    const file = fileOf(base, d);
    const key = keyOf(file, d.code, d.message);
    const entry = counts.get(key);
    if (entry) entry.count++;
    else counts.set(key, { file, code: d.code, message: d.message, count: 1 });
  }
  return { version: BASELINE_VERSION, problems: [...counts.values()] };
}

export function writeBaseline(path: string, baseline: Baseline): void {
  writeFileSync(path, `${JSON.stringify(baseline, null, 2)}\n`);
}

/** The baseline at `path`; an error that says what is wrong with it when it cannot be used. */
export function readBaseline(path: string): Baseline {
  if (!existsSync(path)) throw new Error(`Baseline file not found: ${path}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`Baseline file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const baseline = parsed as Partial<Baseline>;
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    baseline.version !== BASELINE_VERSION ||
    !Array.isArray(baseline.problems) ||
    !baseline.problems.every(
      (p) =>
        typeof p?.file === 'string' &&
        typeof p.code === 'string' &&
        typeof p.message === 'string' &&
        Number.isInteger(p.count) &&
        p.count > 0,
    )
  )
    throw new Error(
      `Baseline file ${path} is not a messenger baseline (version ${BASELINE_VERSION}, { problems: [{ file, code, message, count }] }): regenerate it with messenger check --generate-baseline.`,
    );
  return baseline as Baseline;
}

/** The diagnostics the baseline does not account for, and how many it did (and how many of its entries no longer occur). */
export function applyBaseline(
  diagnostics: readonly Diagnostic[],
  baseline: Baseline,
  base: string,
): { readonly fresh: Diagnostic[]; readonly known: number; readonly gone: number } {
  const remaining = new Map<string, number>();
  for (const p of baseline.problems) {
    const key = keyOf(p.file, p.code, p.message);
    remaining.set(key, (remaining.get(key) ?? 0) + p.count);
  }
  const fresh: Diagnostic[] = [];
  let known = 0;
  for (const d of diagnostics) {
    const key = keyOf(fileOf(base, d), d.code, d.message);
    const left = remaining.get(key) ?? 0;
    if (left > 0) {
      remaining.set(key, left - 1);
      known++;
    } else fresh.push(d);
  }
  let gone = 0;
  for (const left of remaining.values()) gone += left;
  return { fresh, known, gone };
}
