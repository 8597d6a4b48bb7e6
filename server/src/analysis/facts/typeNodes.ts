import ts from '../typescript.cjs';
import { hasModifier, propertyName, type Source } from './source.js';
import type { KeywordName, MemberFact, TypeExpr } from './types.js';

const KEYWORDS: ReadonlyMap<ts.SyntaxKind, KeywordName> = new Map([
  [ts.SyntaxKind.StringKeyword, 'string'],
  [ts.SyntaxKind.NumberKeyword, 'number'],
  [ts.SyntaxKind.BooleanKeyword, 'boolean'],
  [ts.SyntaxKind.BigIntKeyword, 'bigint'],
  [ts.SyntaxKind.SymbolKeyword, 'symbol'],
  [ts.SyntaxKind.AnyKeyword, 'any'],
  [ts.SyntaxKind.UnknownKeyword, 'unknown'],
  [ts.SyntaxKind.NeverKeyword, 'never'],
  [ts.SyntaxKind.ObjectKeyword, 'object'],
  [ts.SyntaxKind.UndefinedKeyword, 'undefined'],
  [ts.SyntaxKind.VoidKeyword, 'void'],
]);

// Types nest (unions of object types of arrays…): past this depth a type is opaque, not a stack overflow.
const MAX_DEPTH = 64;
let depth = 0;

/** Runs a step of a recursive descent, or gives `deeper` once it is nested too deeply. */
function bounded<T>(step: () => T, deeper: T): T {
  if (depth >= MAX_DEPTH) return deeper;
  depth++;
  try {
    return step();
  } finally {
    depth--;
  }
}

const TOO_DEEP: TypeExpr = { kind: 'opaque', text: '(nested too deeply)' };

/** A type node as a TypeExpr. */
export function typeExpr(source: Source, node: ts.TypeNode): TypeExpr {
  return bounded(() => typeExprOf(source, node), TOO_DEEP);
}

function typeExprOf(source: Source, node: ts.TypeNode): TypeExpr {
  const keyword = KEYWORDS.get(node.kind);
  if (keyword !== undefined) return { kind: 'kw', name: keyword };
  if (ts.isParenthesizedTypeNode(node)) return typeExpr(source, node.type);
  if (ts.isTypeReferenceNode(node)) {
    const name = source.text(node.typeName);
    return node.typeArguments
      ? { kind: 'ref', name, args: node.typeArguments.map((a) => typeExpr(source, a)) }
      : { kind: 'ref', name };
  }
  if (ts.isArrayTypeNode(node)) return { kind: 'array', elem: typeExpr(source, node.elementType) };
  if (ts.isTupleTypeNode(node))
    return { kind: 'tuple', elems: node.elements.map((e) => typeExpr(source, tupleMember(e))) };
  if (ts.isUnionTypeNode(node)) return { kind: 'union', types: node.types.map((t) => typeExpr(source, t)) };
  if (ts.isIntersectionTypeNode(node)) return { kind: 'inter', types: node.types.map((t) => typeExpr(source, t)) };
  if (ts.isFunctionTypeNode(node) || ts.isConstructorTypeNode(node)) return { kind: 'fn' };
  if (ts.isTypeLiteralNode(node)) return objectType(source, node.members);
  if (ts.isLiteralTypeNode(node))
    return node.literal.kind === ts.SyntaxKind.NullKeyword ? { kind: 'kw', name: 'null' } : { kind: 'lit' };
  if (ts.isTemplateLiteralTypeNode(node)) return { kind: 'lit' };
  if (ts.isTypeOperatorNode(node)) {
    if (node.operator === ts.SyntaxKind.ReadonlyKeyword) return typeExpr(source, node.type);
    if (node.operator === ts.SyntaxKind.UniqueKeyword) return { kind: 'kw', name: 'symbol' };
    return { kind: 'opaque', text: source.text(node) };
  }
  if (
    ts.isImportTypeNode(node) &&
    node.qualifier !== undefined &&
    ts.isLiteralTypeNode(node.argument) &&
    ts.isStringLiteral(node.argument.literal)
  ) {
    return { kind: 'ref', name: source.text(node.qualifier), module: node.argument.literal.text };
  }
  return { kind: 'opaque', text: source.text(node) };
}

function tupleMember(node: ts.TypeNode): ts.TypeNode {
  if (ts.isNamedTupleMember(node)) return node.type;
  if (ts.isOptionalTypeNode(node) || ts.isRestTypeNode(node)) return node.type;
  return node;
}

/** Members of a type literal or interface; a call signature makes the whole thing a function. */
function objectType(source: Source, members: ts.NodeArray<ts.TypeElement>): TypeExpr {
  if (members.some((m) => ts.isCallSignatureDeclaration(m) || ts.isConstructSignatureDeclaration(m)))
    return { kind: 'fn' };
  return { kind: 'obj', members: typeMembers(source, members) };
}

export function typeMembers(source: Source, members: ts.NodeArray<ts.TypeElement>): MemberFact[] {
  const out: MemberFact[] = [];
  for (const member of members) {
    if (ts.isPropertySignature(member)) {
      out.push(
        member_(
          source,
          member.name,
          member.questionToken !== undefined,
          member.type ? typeExpr(source, member.type) : undefined,
          member.type ? source.text(member.type) : '',
        ),
      );
    } else if (ts.isMethodSignature(member)) {
      // A method in a type of plain data is a function-valued property.
      out.push(member_(source, member.name, member.questionToken !== undefined, { kind: 'fn' }, source.text(member)));
    }
  }
  return out;
}

export function member_(
  source: Source,
  name: ts.PropertyName,
  optional: boolean,
  type: TypeExpr | undefined,
  typeText: string,
): MemberFact {
  const text = propertyName(name);
  return {
    name: text ?? source.text(name),
    keyKind: text === undefined ? 'symbol' : 'name',
    optional,
    type,
    typeText,
    range: source.range(name),
  };
}

/** What a property initializer tells about its type when there is no annotation. */
export function initializerType(source: Source, node: ts.Expression): TypeExpr | undefined {
  return bounded(() => initializerTypeOf(source, node), undefined);
}

function initializerTypeOf(source: Source, node: ts.Expression): TypeExpr | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node))
    return { kind: 'kw', name: 'string' };
  if (ts.isNumericLiteral(node)) return { kind: 'kw', name: 'number' };
  if (ts.isBigIntLiteral(node)) return { kind: 'kw', name: 'bigint' };
  if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword)
    return { kind: 'kw', name: 'boolean' };
  if (node.kind === ts.SyntaxKind.NullKeyword) return { kind: 'kw', name: 'null' };
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isClassExpression(node)) return { kind: 'fn' };
  if (ts.isNewExpression(node)) {
    const name =
      ts.isIdentifier(node.expression) || ts.isPropertyAccessExpression(node.expression)
        ? source.text(node.expression)
        : undefined;
    return name === undefined
      ? undefined
      : { kind: 'ref', name, args: node.typeArguments?.map((a) => typeExpr(source, a)) };
  }
  if (ts.isAsExpression(node) || ts.isSatisfiesExpression(node))
    return ts.isAsExpression(node) && !isConstAssertion(node)
      ? typeExpr(source, node.type)
      : initializerType(source, node.expression);
  if (ts.isParenthesizedExpression(node)) return initializerType(source, node.expression);
  if (ts.isObjectLiteralExpression(node)) return objectLiteralType(source, node);
  if (ts.isArrayLiteralExpression(node)) {
    const items = node.elements.map((e) => initializerType(source, e));
    if (items.some((t) => t === undefined)) return undefined;
    return {
      kind: 'array',
      elem: items.length === 0 ? { kind: 'kw', name: 'never' } : { kind: 'union', types: items as TypeExpr[] },
    };
  }
  if (ts.isPrefixUnaryExpression(node) && ts.isNumericLiteral(node.operand)) return { kind: 'kw', name: 'number' };
  return undefined;
}

function isConstAssertion(node: ts.AsExpression): boolean {
  return (
    ts.isTypeReferenceNode(node.type) && ts.isIdentifier(node.type.typeName) && node.type.typeName.text === 'const'
  );
}

function objectLiteralType(source: Source, node: ts.ObjectLiteralExpression): TypeExpr | undefined {
  const members: MemberFact[] = [];
  for (const property of node.properties) {
    if (ts.isPropertyAssignment(property)) {
      members.push(
        member_(
          source,
          property.name,
          false,
          initializerType(source, property.initializer),
          source.text(property.initializer),
        ),
      );
    } else if (ts.isMethodDeclaration(property)) {
      members.push(member_(source, property.name, false, { kind: 'fn' }, source.text(property)));
    } else {
      return undefined;
    }
  }
  return { kind: 'obj', members };
}

export function isStatic(node: ts.Node): boolean {
  return hasModifier(node, ts.SyntaxKind.StaticKeyword);
}
