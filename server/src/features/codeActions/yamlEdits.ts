import { isMap, isScalar, type Pair, parseDocument, type YAMLMap } from 'yaml';

/**
 * Adds `key: value` to the map at `path` of a YAML file, as a person would: one line after the
 * map's last entry, at its indentation, the rest of the file untouched (comments, order, quotes).
 * Maps missing on the way are added at the end of the deepest one that exists. The yaml
 * library's Document says where things are; the text is edited in place, not re-printed.
 * Undefined when the file does not parse, or a map on the way is written in flow style.
 */
export function addMapEntry(text: string, path: readonly string[], key: string, value: string): string | undefined {
  const document = parseDocument(text, { keepSourceTokens: false });
  if (document.errors.length > 0) return undefined;
  const unit = indentUnit(text);
  let map: YAMLMap | undefined = isMap(document.contents) ? document.contents : undefined;
  let depth = 0;
  let parent: { pair: Pair; column: number } | undefined;
  // The deepest existing map on the path.
  while (map !== undefined && depth < path.length) {
    const pair = map.items.find((p) => isScalar(p.key) && p.key.value === path[depth]);
    if (pair === undefined) break;
    const column = columnOf(text, (pair.key as { range: [number, number, number] }).range[0]);
    if (isMap(pair.value)) {
      if (pair.value.flow)
        return pair.value.items.length === 0
          ? replaceEmpty(text, pair, path.slice(depth + 1), column, unit, key, value)
          : undefined;
      map = pair.value;
      parent = { pair, column };
      depth++;
      continue;
    }
    if (pair.value === null || (isScalar(pair.value) && pair.value.value === null))
      return replaceEmpty(text, pair, path.slice(depth + 1), column, unit, key, value);
    return undefined;
  }
  if (map === undefined) {
    // An empty document: the whole path from the top.
    const block = render(path, 0, unit, key, value);
    return text.length === 0 || text.endsWith('\n') ? `${text}${block}\n` : `${text}\n${block}\n`;
  }
  const items = map.items;
  const first = items[0];
  const column =
    first !== undefined && isScalar(first.key) && first.key.range
      ? columnOf(text, first.key.range[0])
      : parent === undefined
        ? 0
        : parent.column + unit.length;
  const block = render(path.slice(depth), column, unit, key, value);
  const end = items.length === 0 ? 0 : endOfEntries(text, items);
  return `${text.slice(0, end)}\n${block}${text.slice(end)}`;
}

/** `routing: ~`, `routing:` or `routing: {}`: the value becomes the block. */
function replaceEmpty(
  text: string,
  pair: Pair,
  rest: readonly string[],
  column: number,
  unit: string,
  key: string,
  value: string,
): string {
  const keyEnd = (pair.key as { range: [number, number, number] }).range[1];
  const valueNode = pair.value as { range?: [number, number, number] } | null;
  let end = valueNode?.range ? valueNode.range[1] : keyEnd;
  // The colon after the key, and an explicit empty value after it (`~`, `null`, `{}`).
  const colon = text.indexOf(':', keyEnd);
  if (colon !== -1 && colon + 1 > end) end = colon + 1;
  const block = render(rest, column + unit.length, unit, key, value);
  const lineEnd = text.indexOf('\n', end);
  const trailing = text.slice(end, lineEnd === -1 ? text.length : lineEnd);
  // Keep a comment on the line.
  const comment = /^\s*#/.test(trailing) ? trailing : '';
  const after = lineEnd === -1 ? '' : text.slice(lineEnd);
  return `${text.slice(0, colon + 1)}${comment}\n${block}${after}`;
}

/** The lines of `path…: key: value`, the first at `column`. */
function render(path: readonly string[], column: number, unit: string, key: string, value: string): string {
  const lines: string[] = [];
  path.forEach((segment, i) => lines.push(`${' '.repeat(column)}${unit.repeat(i)}${scalar(segment)}:`));
  lines.push(`${' '.repeat(column)}${unit.repeat(path.length)}${key}: ${value}`);
  return lines.join('\n');
}

/** Where the last entry of a block map ends: the end of its last line that is not blank or a comment of the next section. */
function endOfEntries(text: string, items: readonly Pair[]): number {
  const last = items.at(-1)!;
  const node = (last.value ?? last.key) as { range?: [number, number, number] } | null;
  let end = node?.range?.[1] ?? (last.key as { range: [number, number, number] }).range[1];
  while (end > 0 && /\s/.test(text[end - 1]!)) end--;
  const lineEnd = text.indexOf('\n', end);
  return lineEnd === -1 ? text.length : lineEnd;
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** The file's indentation step: the first indented line's indentation (four spaces in Symfony's recipes). */
function indentUnit(text: string): string {
  const match = /\n( +)\S/.exec(text);
  return match === null ? '    ' : match[1]!;
}

/** A key or value as YAML writes it: plain when it can be, else single-quoted (backslashes stay as they are). */
export function scalar(value: string): string {
  return /^[A-Za-z_][\w.-]*$/.test(value) && !/^(true|false|null|yes|no|on|off|y|n)$/i.test(value)
    ? value
    : `'${value.replaceAll("'", "''")}'`;
}
