import type { Position, Range } from '../../protocol.js';

/**
 * Where the cursor is in messenger.yaml, read from the lines above it by indentation: the
 * keys it is under, and whether it is on a key, a value or a list item. Being typed, the file
 * rarely parses, so this does not parse it. Block style (what messenger.yaml uses); a flow
 * list (`[async, audit]`) counts as the value of its key.
 */
export interface YamlContext {
  /** Keys from the top of the file to the map the cursor is in (`framework`, `messenger`, `transports`, …). */
  readonly path: readonly string[];
  readonly at: 'key' | 'value' | 'item';
  /** The key whose value is being written (at `value`). */
  readonly key: string | undefined;
  /** What is typed of the word under the cursor, quotes left out. */
  readonly prefix: string;
  /** What a completion replaces: the word under the cursor, quotes left out. */
  readonly range: Range;
  /** The word is in quotes (a value starting with `%` must be). */
  readonly quoted: boolean;
}

const KEY_LINE = /^(\s*)(?:-\s+)?(['"]?)([^'"#:]+?)\2\s*:(?:\s|$)/;

export function yamlContext(text: string, position: Position): YamlContext | undefined {
  const lines = text.split('\n');
  const line = lines[position.line];
  if (line === undefined) return undefined;
  const before = line.slice(0, position.character);
  const afterWord = /^[^\s'",:\]}]*/.exec(line.slice(position.character))?.[0] ?? '';
  if (/(^|\s)#/.test(before)) return undefined;
  const word = (typed: string, start: number): Pick<YamlContext, 'prefix' | 'range' | 'quoted'> => {
    const quote = typed.startsWith("'") || typed.startsWith('"') ? 1 : 0;
    return {
      quoted: quote === 1,
      prefix: typed.slice(quote),
      range: {
        start: { line: position.line, character: start + quote },
        end: { line: position.line, character: position.character + afterWord.length },
      },
    };
  };
  const item = /^(\s*)-\s*(\S*)$/.exec(before);
  if (item !== null) {
    const indent = item[1]!.length;
    return {
      path: parents(lines, position.line, indent, true),
      at: 'item',
      key: undefined,
      ...word(item[2]!, before.length - item[2]!.length),
    };
  }
  const keyed = KEY_LINE.exec(before);
  if (keyed !== null) {
    const valueText = before.slice(keyed[0].length);
    // In a flow list, the item being typed: after the last `[` or `,`.
    const typed = /[^[,\s]*$/.exec(valueText)?.[0] ?? '';
    const indent = keyed[1]!.length;
    return {
      path: parents(lines, position.line, indent, false),
      at: 'value',
      key: keyed[3]!.trim(),
      ...word(typed, before.length - typed.length),
    };
  }
  const key = /^(\s*)(\S*)$/.exec(before);
  if (key === null) return undefined;
  return {
    path: parents(lines, position.line, key[1]!.length, false),
    at: 'key',
    key: undefined,
    ...word(key[2]!, key[1]!.length),
  };
}

/**
 * The keys a line at this indentation is under. A list item may sit at its key's own
 * indentation (`middleware:` then `- validation` below it).
 */
function parents(lines: readonly string[], from: number, indent: number, item: boolean): string[] {
  const path: string[] = [];
  let limit = indent;
  let sameIndent = item;
  if (limit === 0 && !sameIndent) return path;
  for (let index = from - 1; index >= 0; index--) {
    const text = lines[index]!;
    if (/^\s*(#|$)/.test(text)) continue;
    const lineIndent = /^\s*/.exec(text)![0].length;
    if (lineIndent > limit || (lineIndent === limit && !sameIndent)) continue;
    const match = KEY_LINE.exec(text);
    if (match === null || /^\s*-/.test(text)) continue;
    // A key with its value on the same line is no parent of the lines below it.
    const rest = text.slice(match[0].length).trim();
    if (rest !== '' && !rest.startsWith('#') && !rest.startsWith('&')) continue;
    path.unshift(match[3]!.trim());
    limit = lineIndent;
    sameIndent = false;
    if (limit === 0) break;
  }
  return path;
}
