/**
 * `// messenger-ignore-next-line <code> [<code>…]` (or `#` in YAML and .env): the diagnostics of
 * those codes on the next line are not reported, so a team can adopt the check on an existing
 * codebase one accepted exception at a time. Without a code, every code is ignored on that line.
 */
const COMMENT = /(?:\/\/|#|\/\*)\s*messenger-ignore-next-line\b([^\n*]*)/g;

/** Line (0-based) → the codes ignored on it (`*` for all). */
export type IgnoredLines = ReadonlyMap<number, ReadonlySet<string>>;

export function ignoredLines(text: string): IgnoredLines {
  const out = new Map<number, Set<string>>();
  if (!text.includes('messenger-ignore-next-line')) return out;
  for (const match of text.matchAll(COMMENT)) {
    const line = lineOf(text, match.index) + 1;
    const codes = (match[1] ?? '')
      .split(/[\s,]+/)
      .map((c) => c.trim())
      .filter((c) => /^[a-z][a-z-]*$/.test(c));
    const set = out.get(line) ?? new Set<string>();
    for (const code of codes.length === 0 ? ['*'] : codes) set.add(code);
    out.set(line, set);
  }
  return out;
}

export function isIgnored(ignored: IgnoredLines, line: number, code: string): boolean {
  const codes = ignored.get(line);
  return codes !== undefined && (codes.has('*') || codes.has(code));
}

function lineOf(text: string, offset: number): number {
  let line = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
