import type { Suggestion } from './Completions.js';
import type { Shell } from './shellScripts.js';

/**
 * The suggestions as the shell's script reads them, one per line: bash takes bare values
 * (escaped, and cut after the last word break it will not replace), zsh `value:description`,
 * fish `value<TAB>description`.
 */
export function formatSuggestions(
  suggestions: readonly Suggestion[],
  shell: Shell,
  current: string,
  wordBreaks = '',
): string {
  const lines = suggestions.map(({ value, description }) => {
    const summary = (description ?? '').replace(/\s+/g, ' ').trim();
    if (shell === 'bash') return escapeForBash(value.slice(replacedFrom(current, wordBreaks)));
    if (shell === 'zsh') return summary === '' ? escapeColons(value) : `${escapeColons(value)}:${summary}`;
    return summary === '' ? value : `${value}\t${summary}`;
  });
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** Where readline's word starts in the word being typed: after its last word-break character (`:` in `failed:sh`). */
function replacedFrom(current: string, wordBreaks: string): number {
  let from = 0;
  for (let i = 0; i < current.length; i++)
    if (wordBreaks.includes(current[i]!) && !/\s/.test(current[i]!)) from = i + 1;
  return from;
}

function escapeForBash(value: string): string {
  return value.replace(/[^\w\-.,:/@%+=]/g, (char) => `\\${char}`);
}

function escapeColons(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/:/g, '\\:');
}
