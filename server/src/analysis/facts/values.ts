import ts from '../typescript.cjs';
import { entityName, propertyName, type Source } from './source.js';
import { typeExpr } from './typeNodes.js';
import type { Range, ValueExpr } from './types.js';

/** Local bindings of the function being walked: what each name holds, as far as we can tell. */
export class Scope {
  private readonly vars = new Map<string, ValueExpr>();

  constructor(readonly parent: Scope | undefined) {}

  set(name: string, value: ValueExpr): void {
    this.vars.set(name, value);
  }

  lookup(name: string): ValueExpr | undefined {
    for (let scope: Scope | undefined = this; scope !== undefined; scope = scope.parent) {
      const value = scope.vars.get(name);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  /** Binds the parameters of a function (destructured names too) as parameters. */
  bindParams(source: Source, params: ts.NodeArray<ts.ParameterDeclaration>, ctor: boolean): void {
    params.forEach((param, index) => {
      const type = param.type ? typeExpr(source, param.type) : undefined;
      for (const name of boundNames(param.name))
        this.set(name, { kind: 'param', name, index, ctor, ...(type && ts.isIdentifier(param.name) ? { type } : {}) });
    });
  }

  /** Binds `const x = …` (and destructuring) in this scope. */
  bindVariable(source: Source, declaration: ts.VariableDeclaration): void {
    const init =
      declaration.initializer === undefined
        ? { kind: 'unknown' as const }
        : value(source, declaration.initializer, this);
    if (ts.isIdentifier(declaration.name)) {
      this.set(
        declaration.name.text,
        declaration.type ? { kind: 'typed', type: typeExpr(source, declaration.type), inner: init } : init,
      );
      return;
    }
    if (ts.isObjectBindingPattern(declaration.name)) {
      for (const element of declaration.name.elements) {
        if (!ts.isIdentifier(element.name)) continue;
        const key = element.propertyName ? propertyName(element.propertyName) : element.name.text;
        this.set(element.name.text, key === undefined ? { kind: 'unknown' } : { kind: 'prop', obj: init, name: key });
      }
    }
  }
}

export function boundNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : boundNames(element.name)));
}

const MAX_DEPTH = 8;

/**
 * Reduces an expression to a ValueExpr. Local variables are substituted; module-level names
 * stay `ref`s. `maxDepth` bounds the work for expressions only searched for buses (`new X(…)`
 * arguments), which also need no ranges.
 */
export function value(
  source: Source,
  node: ts.Expression,
  scope: Scope | undefined,
  depth = 0,
  maxDepth = MAX_DEPTH,
): ValueExpr {
  if (depth > maxDepth) return { kind: 'unknown' };
  const next = (child: ts.Expression): ValueExpr => value(source, child, scope, depth + 1, maxDepth);
  if (
    ts.isParenthesizedExpression(node) ||
    ts.isAwaitExpression(node) ||
    ts.isNonNullExpression(node) ||
    ts.isSatisfiesExpression(node)
  )
    return next(node.expression);
  if (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) {
    const inner = next(node.expression);
    return inner.kind === 'unknown' ? { kind: 'typed', type: typeExpr(source, node.type), inner } : inner;
  }
  if (ts.isIdentifier(node))
    return (
      scope?.lookup(node.text) ??
      (maxDepth < MAX_DEPTH
        ? { kind: 'ref', name: node.text }
        : { kind: 'ref', name: node.text, range: source.range(node) })
    );
  if (ts.isPropertyAccessExpression(node)) {
    if (node.expression.kind === ts.SyntaxKind.ThisKeyword) return { kind: 'this', name: node.name.text };
    return { kind: 'prop', obj: next(node.expression), name: node.name.text };
  }
  if (ts.isCallExpression(node)) {
    const specifier = node.arguments[0];
    if (
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      specifier !== undefined &&
      ts.isStringLiteralLike(specifier)
    )
      return { kind: 'import', module: specifier.text };
    return { kind: 'call', fn: next(node.expression), args: node.arguments.map(next), range: source.range(node) };
  }
  if (ts.isNewExpression(node)) {
    const cls = entityName(node.expression);
    if (cls === undefined) return { kind: 'unknown' };
    return { kind: 'new', cls, args: (node.arguments ?? []).map(next), range: source.range(node) };
  }
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))
    return { kind: 'str', value: node.text, range: source.range(node) };
  if (ts.isNumericLiteral(node)) return { kind: 'num', value: Number(node.text) };
  if (
    ts.isPrefixUnaryExpression(node) &&
    node.operator === ts.SyntaxKind.MinusToken &&
    ts.isNumericLiteral(node.operand)
  )
    return { kind: 'num', value: -Number(node.operand.text) };
  if (ts.isArrayLiteralExpression(node))
    return {
      kind: 'array',
      items: node.elements.map((e) =>
        ts.isSpreadElement(e) ? { kind: 'spread', inner: next(e.expression) } : next(e),
      ),
    };
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return functionValue(source, node, scope, depth);
  if (ts.isObjectLiteralExpression(node)) return objectValue(source, node, scope, depth);
  return { kind: 'unknown' };
}

function functionValue(
  source: Source,
  node: ts.ArrowFunction | ts.FunctionExpression,
  scope: Scope | undefined,
  depth: number,
): ValueExpr {
  const inner = new Scope(scope);
  inner.bindParams(source, node.parameters, false);
  if (!ts.isBlock(node.body))
    return { kind: 'fn', returns: [value(source, node.body, inner, depth + 1)], range: source.range(node) };
  const returns: ValueExpr[] = [];
  // Its own return statements, in source order (an explicit stack: bodies may nest deeply).
  const stack: ts.Node[] = [];
  const pushChildren = (parent: ts.Node): void => {
    const children: ts.Node[] = [];
    ts.forEachChild(parent, (child) => {
      children.push(child);
    });
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  };
  pushChildren(node.body);
  while (stack.length > 0) {
    const child = stack.pop()!;
    if (ts.isFunctionLike(child) || ts.isClassLike(child)) continue;
    if (ts.isVariableDeclaration(child)) inner.bindVariable(source, child);
    if (ts.isReturnStatement(child) && child.expression)
      returns.push(value(source, child.expression, inner, depth + 1));
    pushChildren(child);
  }
  return { kind: 'fn', returns, range: source.range(node) };
}

function objectValue(
  source: Source,
  node: ts.ObjectLiteralExpression,
  scope: Scope | undefined,
  depth: number,
): ValueExpr {
  const props: Record<string, ValueExpr> = {};
  const keyRanges: Record<string, Range> = {};
  let open = false;
  for (const property of node.properties) {
    const key =
      ts.isSpreadAssignment(property) || property.name === undefined ? undefined : propertyName(property.name);
    if (key === undefined) {
      open = true;
      continue;
    }
    keyRanges[key] = source.range(property.name!);
    if (ts.isPropertyAssignment(property)) props[key] = value(source, property.initializer, scope, depth + 1);
    else if (ts.isShorthandPropertyAssignment(property)) props[key] = value(source, property.name, scope, depth + 1);
    else props[key] = { kind: 'fn', returns: [], range: source.range(property) };
  }
  return open ? { kind: 'obj', props, keyRanges, open } : { kind: 'obj', props, keyRanges };
}
