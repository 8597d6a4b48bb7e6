import { entityName, parse } from '../../analysis/facts/source.js';
import ts from '../../analysis/typescript.cjs';
import type { Position, Range } from '../../protocol.js';

/** A TypeScript file parsed on demand for a request, with what editors need: offsets ↔ positions. */
export interface ParsedFile {
  readonly sf: ts.SourceFile;
  offsetOf(position: Position): number | undefined;
  range(start: number, end: number): Range;
}

// The facts keep no syntax tree; a request re-parses its one file. The last parse is kept: an
// editor asks hover, highlights and code lenses of the same text one after the other.
let last: { file: string; text: string; parsed: ParsedFile | undefined } | undefined;

/** The file parsed, or undefined when the parser cannot follow it (nested too deeply); `keep`: as the last parse. */
export function parseFile(file: string, text: string, keep = true): ParsedFile | undefined {
  if (last?.file === file && last.text === text) return last.parsed;
  let parsed: ParsedFile | undefined;
  try {
    const sf = parse(file, text);
    parsed = {
      sf,
      offsetOf: (position) => {
        const lines = sf.getLineStarts();
        const start = lines[position.line];
        if (start === undefined) return undefined;
        const end = lines[position.line + 1] ?? text.length;
        return Math.min(start + position.character, end);
      },
      range: (start, end) => ({
        start: sf.getLineAndCharacterOfPosition(start),
        end: sf.getLineAndCharacterOfPosition(end),
      }),
    };
  } catch {
    parsed = undefined;
  }
  if (keep) last = { file, text, parsed };
  return parsed;
}

/**
 * The nodes containing an offset, outermost first (the file itself excluded). A loop, not a
 * recursion: the depth of the file is the length of the list, never of the stack.
 */
export function nodesAt(parsed: ParsedFile, offset: number): ts.Node[] {
  const path: ts.Node[] = [];
  let current: ts.Node = parsed.sf;
  for (;;) {
    const child: ts.Node | undefined = ts.forEachChild(current, (node) =>
      node.getStart(parsed.sf) <= offset && offset <= node.end ? node : undefined,
    );
    if (child === undefined) return path;
    path.push(child);
    current = child;
  }
}

/** The name (`Foo`, `ns.Foo`) written at a position, with its range: what hover and definition resolve. */
export function nameAt(parsed: ParsedFile, offset: number): { name: string; range: Range } | undefined {
  const path = nodesAt(parsed, offset);
  const innermost = path.at(-1);
  if (innermost === undefined || !ts.isIdentifier(innermost)) return undefined;
  // `ns.Foo` on Foo: the whole qualified name; on `ns`, just the namespace.
  const parent = path.at(-2);
  const whole =
    parent !== undefined &&
    (ts.isPropertyAccessExpression(parent) || ts.isQualifiedName(parent)) &&
    ((ts.isPropertyAccessExpression(parent) && parent.name === innermost) ||
      (ts.isQualifiedName(parent) && parent.right === innermost))
      ? parent
      : innermost;
  const name = entityName(whole);
  if (name === undefined) return undefined;
  return { name, range: parsed.range(innermost.getStart(parsed.sf), innermost.end) };
}

/** The name a call is made by: `f` of `f()`, `m` of `a.b.m()` or `this.bus.m()`. */
function calleeName(expression: ts.Expression): string | undefined {
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text;
  return undefined;
}

/** The span of the innermost call to one of these functions or methods (`dispatch`, `handle`) around an offset. */
export function enclosingCall(parsed: ParsedFile, offset: number, names: readonly string[]): Range | undefined {
  const call = nodesAt(parsed, offset)
    .reverse()
    .find((node) => ts.isCallExpression(node) && names.includes(calleeName(node.expression) ?? ''));
  return call === undefined ? undefined : parsed.range(call.getStart(parsed.sf), call.end);
}

/** A string in the code that names a transport or a bus (see nameSites). */
export interface NameSite {
  readonly kind: 'transport' | 'bus';
  readonly name: string;
  /** The name inside the quotes. */
  readonly range: Range;
  /** Where it is written, for the hover and completion texts. */
  readonly context: 'fromTransport' | 'bus' | 'AsMessage' | 'TransportNamesStamp' | 'getBus';
}

/** The option keys of the runtime's decorators that name a transport or a bus. */
const DECORATOR_OPTIONS: Readonly<
  Record<string, Readonly<Record<string, readonly [NameSite['kind'], NameSite['context']]>>>
> = {
  AsMessageHandler: { fromTransport: ['transport', 'fromTransport'], bus: ['bus', 'bus'] },
  AsMessage: { transport: ['transport', 'AsMessage'] },
};

/**
 * Where the code names a transport or a bus in a string: `@AsMessageHandler(X, { fromTransport,
 * bus })`, `@AsMessage({ transport })`, `new TransportNamesStamp(…)`, `getBus('…')`. What
 * rename and references change and list; syntax only (decorators by their name as written).
 */
export function nameSites(parsed: ParsedFile): readonly NameSite[] {
  let sites = sitesOf.get(parsed.sf);
  if (sites === undefined) {
    sites = findNameSites(parsed);
    sitesOf.set(parsed.sf, sites);
  }
  return sites;
}

// Per parse: hover, completion and highlights of one text ask for them in a row.
const sitesOf = new WeakMap<ts.SourceFile, readonly NameSite[]>();

function findNameSites(parsed: ParsedFile): NameSite[] {
  const sites: NameSite[] = [];
  const add = (kind: NameSite['kind'], context: NameSite['context'], node: ts.Node): void => {
    if (ts.isArrayLiteralExpression(node)) {
      for (const element of node.elements) add(kind, context, element);
      return;
    }
    if (!ts.isStringLiteral(node) && !ts.isNoSubstitutionTemplateLiteral(node)) return;
    const start = node.getStart(parsed.sf) + 1;
    sites.push({ kind, name: node.text, range: parsed.range(start, start + node.text.length), context });
  };
  const stack: ts.Node[] = [parsed.sf];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const callee = calleeName(node.expression);
      const args = node.arguments ?? [];
      const options = callee === undefined ? undefined : DECORATOR_OPTIONS[callee];
      if (options !== undefined) {
        for (const arg of args) {
          if (!ts.isObjectLiteralExpression(arg)) continue;
          for (const property of arg.properties) {
            if (!ts.isPropertyAssignment(property) || !ts.isIdentifier(property.name)) continue;
            const option = options[property.name.text];
            if (option !== undefined) add(option[0], option[1], property.initializer);
          }
        }
      } else if (callee === 'TransportNamesStamp' && ts.isNewExpression(node) && args[0] !== undefined) {
        add('transport', 'TransportNamesStamp', args[0]);
      } else if (callee === 'getBus' && ts.isCallExpression(node) && args[0] !== undefined) {
        add('bus', 'getBus', args[0]);
      }
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return sites.sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
}

/**
 * A decorator option that names a transport or a bus, being written without its quotes yet
 * (`@AsMessageHandler(X, { fromTransport: as| })`): its kind, and the range of what is typed.
 */
export function unquotedOptionAt(
  parsed: ParsedFile,
  offset: number,
): { kind: NameSite['kind']; range: Range } | undefined {
  const path = nodesAt(parsed, offset);
  let at = path.length - 1;
  while (at >= 0 && !ts.isObjectLiteralExpression(path[at]!)) at--;
  const object = path[at];
  const call = path[at - 1];
  if (object === undefined || !ts.isObjectLiteralExpression(object) || call === undefined || !ts.isCallExpression(call))
    return undefined;
  const options = DECORATOR_OPTIONS[calleeName(call.expression) ?? ''];
  // The property the cursor is in: the last one that starts before it (its value may be missing yet).
  const property = object.properties.filter((p) => p.getStart(parsed.sf) < offset).at(-1);
  if (options === undefined || property === undefined || !ts.isPropertyAssignment(property)) return undefined;
  const option = ts.isIdentifier(property.name) ? options[property.name.text] : undefined;
  const value = property.initializer;
  if (option === undefined || offset <= property.name.end || !ts.isIdentifier(value)) return undefined;
  // A value not written yet is an empty identifier the parser made up: the range is the cursor.
  const typed = value.text === '' ? undefined : { start: value.getStart(parsed.sf), end: value.end };
  if (typed !== undefined && (offset < typed.start || offset > typed.end)) return undefined;
  return { kind: option[0], range: parsed.range(typed?.start ?? offset, typed?.end ?? offset) };
}

/** Is the position within the range (its ends included)? */
export function within(range: Range, position: Position): boolean {
  const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(range.start, position) && before(position, range.end);
}
