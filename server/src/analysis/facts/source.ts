import ts from '../typescript.cjs';
import type { Range } from './types.js';

/** A parsed file with cheap range and text helpers (nodes have no parent pointers: we never need them). */
export class Source {
  constructor(readonly sf: ts.SourceFile) {}

  text(node: ts.Node): string {
    return this.sf.text.slice(node.getStart(this.sf), node.end);
  }

  range(node: ts.Node): Range {
    return this.span(node.getStart(this.sf), node.end);
  }

  span(start: number, end: number): Range {
    return { start: this.sf.getLineAndCharacterOfPosition(start), end: this.sf.getLineAndCharacterOfPosition(end) };
  }
}

export function parse(file: string, text: string): ts.SourceFile {
  const kind = /\.tsx$/.test(file) ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  // No parent pointers and no JSDoc: together they halve the parse time, and facts need neither.
  return ts.createSourceFile(
    file,
    text,
    { languageVersion: ts.ScriptTarget.ES2022, jsDocParsingMode: ts.JSDocParsingMode.ParseNone },
    false,
    kind,
  );
}

export function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  // Straight to the node's modifier list: ts.getModifiers() copies it on every call.
  const modifiers = (node as { modifiers?: ts.NodeArray<ts.ModifierLike> }).modifiers;
  if (modifiers === undefined) return false;
  for (const modifier of modifiers) if (modifier.kind === kind) return true;
  return false;
}

/** `a`, `a.b.c` for identifiers and property accesses; undefined for anything else. */
export function entityName(node: ts.Node): string | undefined {
  // From the right end leftwards, without recursion: a chain may be thousands of names long.
  const names: string[] = [];
  let current: ts.Node = ts.isExpressionWithTypeArguments(node) ? node.expression : node;
  for (;;) {
    if (ts.isIdentifier(current)) {
      names.push(current.text);
      return names.reverse().join('.');
    }
    if (ts.isPropertyAccessExpression(current)) {
      names.push(current.name.text);
      current = current.expression;
    } else if (ts.isQualifiedName(current)) {
      names.push(current.right.text);
      current = current.left;
    } else return undefined;
  }
}

/** The text of a property name when it is statically known. */
export function propertyName(name: ts.PropertyName | ts.BindingName): string | undefined {
  if (
    ts.isIdentifier(name) ||
    ts.isStringLiteral(name) ||
    ts.isNumericLiteral(name) ||
    ts.isNoSubstitutionTemplateLiteral(name)
  )
    return name.text;
  if (ts.isComputedPropertyName(name) && (ts.isStringLiteral(name.expression) || ts.isNumericLiteral(name.expression)))
    return name.expression.text;
  return undefined;
}
