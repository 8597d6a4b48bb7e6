import type { Position, Range } from '../facts/types.js';
import type { Model } from '../model/assemble.js';
import { collectElements } from './collectElements.js';
import type { ModelElement } from './elements.js';

/** A model element where it is written: the name of a class, a decorator, a key of messenger.yaml… */
export interface PlacedElement {
  readonly file: string;
  readonly range: Range;
  readonly element: ModelElement;
}

/**
 * From a position in a file to the model elements written there, and from an element to every
 * place it is written: what hover, definition, references, highlights and rename start from.
 * Built once per analysis (AnalysisResult.positions()), from the model only.
 */
export class PositionIndex {
  private readonly byFile = new Map<string, PlacedElement[]>();
  private readonly byIdentity = new Map<string, PlacedElement[]>();

  constructor(elements: Iterable<PlacedElement>) {
    for (const placed of elements) {
      append(this.byFile, placed.file, placed);
      append(this.byIdentity, identityOf(placed.element), placed);
    }
    for (const list of this.byFile.values()) list.sort((a, b) => compare(a.range.start, b.range.start));
  }

  static of(model: Model): PositionIndex {
    return new PositionIndex(collectElements(model));
  }

  /** The elements whose range contains the position (its end included: a cursor after a name is on it), innermost first. */
  at(file: string, position: Position): PlacedElement[] {
    return (this.byFile.get(file) ?? [])
      .filter((placed) => contains(placed.range, position))
      .sort((a, b) => span(a.range) - span(b.range));
  }

  /** Every place an element is written (its identity: see identityOf), in file and position order. */
  occurrences(element: ModelElement): PlacedElement[] {
    return [...(this.byIdentity.get(identityOf(element)) ?? [])].sort((a, b) =>
      a.file < b.file ? -1 : a.file > b.file ? 1 : compare(a.range.start, b.range.start),
    );
  }

  /** Every element written in a file, in position order. */
  inFile(file: string): readonly PlacedElement[] {
    return this.byFile.get(file) ?? [];
  }
}

/**
 * What an element is, whatever its role: a message (declared, named by a decorator, dispatched,
 * a routing key resolved to it), a handler, a transport, a bus. Occurrences share it.
 */
export function identityOf(element: ModelElement): string {
  switch (element.kind) {
    case 'message':
      return `message:${element.cls.key}`;
    case 'dispatch':
      return element.site.message === undefined
        ? `dispatch:${element.site.file}`
        : `message:${element.site.message.key}`;
    case 'routing-key': {
      const resolution = element.key.resolution;
      return resolution.kind === 'class' ? `message:${resolution.cls.key}` : `routing-key:${element.key.rule.message}`;
    }
    case 'handler':
      return `handler:${element.def.id}`;
    case 'transport':
      return `transport:${element.name}`;
    case 'bus':
      return `bus:${element.name}`;
  }
}

function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function compare(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

function contains(range: Range, position: Position): boolean {
  return compare(range.start, position) <= 0 && compare(position, range.end) <= 0;
}

/** A comparable size: lines first, then characters. */
function span(range: Range): number {
  return (range.end.line - range.start.line) * 1_000_000 + (range.end.character - range.start.character);
}
