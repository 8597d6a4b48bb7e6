/**
 * README.md's own snippets, for the tests that prove them: a section's fenced code blocks, and
 * the file each one is (its first line names it in a comment: `// src/x.ts`, `# .env`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './fixtures.js';

export interface CodeBlock {
  readonly lang: string;
  readonly code: string;
}

/** The text of the `## title` section (up to the next `## ` heading). */
export function readmeSection(title: string): string {
  const text = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = text.indexOf(`\n## ${title}\n`);
  if (start === -1) throw new Error(`README.md has no "## ${title}" section.`);
  const end = text.indexOf('\n## ', start + 1);
  return text.slice(start, end === -1 ? undefined : end);
}

export function codeBlocks(markdown: string): CodeBlock[] {
  return [...markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, code: m[2]! }));
}

/** The path a block's first line names (`// src/a.ts`, `# config/x.yaml`, `// tsconfig.json (why)`), or undefined. */
export function fileOf(block: CodeBlock): string | undefined {
  return /^(?:\/\/|#) ([\w./-]+\.[\w]+|\.env[\w.]*)(?: .*)?$/.exec(block.code.split('\n')[0]!)?.[1];
}

/** A shell block's commands, one a line, without their trailing `# comments`. */
export function commandsOf(block: CodeBlock): string[] {
  return block.code
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}
