/**
 * The two spellings of a place inside a message: the one users read in errors
 * (`order.lines[0].quantity`) and the one `X-Message-Types` uses (`order/lines/0/quantity`).
 * The latter escapes segments as JSON Pointer does (`~` → `~0`, `/` → `~1`), so any property
 * name survives, and has no leading slash: the root never needs an entry.
 */
export type PathSegment = string | number;

// `#name` is an ES private field's segment (they are reported, never encoded).
const IDENTIFIER = /^#?[A-Za-z_$][\w$]*$/;

export function displayPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

export function escapeSegment(segment: PathSegment): string {
  const text = typeof segment === 'string' ? segment : String(segment);
  // Every property of every decoded message goes through here: most names need no escape.
  if (!text.includes('~') && !text.includes('/')) return text;
  return text.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function typePath(segments: readonly PathSegment[]): string {
  return segments.map(escapeSegment).join('/');
}

/** The child's type path; `undefined` stands for the root. */
export function childTypePath(parent: string | undefined, segment: PathSegment): string {
  return parent === undefined ? escapeSegment(segment) : `${parent}/${escapeSegment(segment)}`;
}

/** The segments of a type path, or `undefined` when an escape is malformed. */
export function parseTypePath(path: string): string[] | undefined {
  const segments = path.split('/');
  for (const segment of segments) {
    if (/~(?![01])/.test(segment)) return undefined;
  }
  return segments.map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** A type path shown to users, in the dotted spelling (array indexes cannot be told apart from keys here). */
export function displayTypePath(path: string): string {
  const segments = parseTypePath(path);
  return segments === undefined ? path : displayPath(segments.map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s)));
}
