import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** A YAML sample from the specification seeds (../shared/seeds), read at test time, never copied. */
export interface SeedSample {
  readonly id: string;
  readonly seed: string;
  readonly line: number;
  readonly text: string;
}

const REPOSITORY_ROOT = resolve(import.meta.dirname, '../../..');

/**
 * Where the specification's seeds are: MESSENGER_SEEDS_DIR, else `shared/seeds` beside the
 * repository or beside one of its parent folders (a clone may sit deeper than the working copy),
 * else the workplace's own copy at /work/shared/seeds (a clone made elsewhere, e.g. under /tmp).
 */
function findSeedsDir(): string {
  const fromEnv = process.env['MESSENGER_SEEDS_DIR'];
  if (fromEnv !== undefined) return fromEnv;
  const candidates: string[] = [];
  for (let dir = dirname(REPOSITORY_ROOT); ; dir = dirname(dir)) {
    candidates.push(join(dir, 'shared', 'seeds'));
    if (dirname(dir) === dir) break;
  }
  candidates.push('/work/shared/seeds');
  return candidates.find((candidate) => existsSync(candidate)) ?? candidates[0]!;
}

export const SEEDS_DIR = findSeedsDir();

/**
 * Every YAML block of the seeds that configures framework.messenger. The seeds come in three
 * shapes: reStructuredText (`.. code-block:: yaml` + an indented block), Markdown fences, and a
 * rendered page where each block follows its own line numbers (1, 2, … n, then n lines).
 */
export function seedSamples(): SeedSample[] {
  const samples: SeedSample[] = [];
  if (!existsSync(SEEDS_DIR))
    throw new Error(
      `The specification seeds are expected at ${SEEDS_DIR} (shared/seeds beside the repository or a parent folder, /work/shared/seeds, or MESSENGER_SEEDS_DIR).`,
    );
  for (const seed of readdirSync(SEEDS_DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort()) {
    const lines = readFileSync(join(SEEDS_DIR, seed), 'utf8').split('\n');
    for (const block of [...rstBlocks(lines), ...fencedBlocks(lines), ...numberedBlocks(lines)]) {
      if (!/^\s*framework:/m.test(block.text)) continue;
      samples.push({ id: `${seed.slice(0, 3)}:${block.line}`, seed, line: block.line, text: block.text });
    }
  }
  return samples;
}

type Block = { line: number; text: string };

function rstBlocks(lines: string[]): Block[] {
  const blocks: Block[] = [];
  lines.forEach((line, index) => {
    const directive = /^(\s*)\.\. code-block:: yaml\s*$/.exec(line);
    if (directive === null) return;
    const indent = directive[1]!.length;
    const body: string[] = [];
    let i = index + 1;
    for (; i < lines.length; i++) {
      const current = lines[i]!;
      if (current.trim() !== '' && current.length - current.trimStart().length <= indent) break;
      body.push(current);
    }
    blocks.push({ line: index + 2, text: dedent(body) });
  });
  return blocks;
}

function fencedBlocks(lines: string[]): Block[] {
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*```ya?ml\s*$/.test(lines[i]!)) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end]!)) end++;
    blocks.push({ line: start + 1, text: dedent(lines.slice(start, end)) });
    i = end;
  }
  return blocks;
}

function numberedBlocks(lines: string[]): Block[] {
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '1') continue;
    let n = 1;
    while (lines[i + n] === String(n + 1)) n++;
    const start = i + n;
    blocks.push({ line: start + 1, text: lines.slice(start, start + n).join('\n') });
    i = start + n - 1;
  }
  return blocks;
}

function dedent(lines: string[]): string {
  const indents = lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length);
  const min = indents.length ? Math.min(...indents) : 0;
  return lines
    .map((l) => l.slice(min))
    .join('\n')
    .trim();
}
