import ts from '../typescript.cjs';
import { entityName, hasModifier, propertyName, type Source } from './source.js';
import { initializerType, isStatic, member_, typeExpr } from './typeNodes.js';
import type { ClassFact, DecoratorFact, MemberFact, MethodFact, ParamFact, Range, ValueExpr } from './types.js';
import { Scope, value } from './values.js';

/** Walks function bodies for dispatches; provided by the file walker. */
export type BodyWalker = (node: ts.Node, scope: Scope, inClass: string | undefined) => void;

/** The facts of one class declaration; method and constructor bodies are handed to `walk`. */
export function classFact(
  source: Source,
  node: ts.ClassLikeDeclaration,
  name: string,
  outer: Scope | undefined,
  walk: BodyWalker,
): ClassFact {
  const properties: MemberFact[] = [];
  const privateFields: Array<{ name: string; range: Range }> = [];
  const methods: MethodFact[] = [];
  const fields: Record<string, ValueExpr> = {};
  let ctorParams: ParamFact[] = [];
  const classScope = new Scope(outer);
  for (const member of node.members) {
    if (ts.isPropertyDeclaration(member)) {
      if (ts.isPrivateIdentifier(member.name) && !isStatic(member))
        privateFields.push({ name: member.name.text, range: source.range(member.name) });
      dataProperty(source, member, properties, fields, classScope);
      if (member.initializer) walk(member.initializer, classScope, name);
    } else if (ts.isConstructorDeclaration(member)) {
      ctorParams = params(source, member.parameters);
      const scope = new Scope(classScope);
      scope.bindParams(source, member.parameters, true);
      ctorParams.forEach((param, index) => {
        if (!param.isProperty) return;
        properties.push({
          name: param.name,
          keyKind: 'name',
          optional: param.optional,
          type: param.type,
          typeText: param.typeText,
          range: param.nameRange,
        });
        fields[param.name] = {
          kind: 'param',
          name: param.name,
          index,
          ctor: true,
          ...(param.type ? { type: param.type } : {}),
        };
      });
      if (member.body) collectThisAssignments(source, member.body, scope, fields, walk, name);
    } else if (ts.isMethodDeclaration(member)) {
      const methodName = propertyName(member.name);
      if (methodName !== undefined) {
        methods.push({
          name: methodName,
          range: source.range(member.name),
          isStatic: isStatic(member),
          params: params(source, member.parameters),
          decorators: decorators(source, member, classScope),
        });
      }
      if (member.body) {
        const scope = new Scope(classScope);
        scope.bindParams(source, member.parameters, false);
        walk(member.body, scope, name);
      }
    } else if (
      (ts.isGetAccessor(member) || ts.isSetAccessor(member) || ts.isClassStaticBlockDeclaration(member)) &&
      member.body
    ) {
      walk(member.body, new Scope(classScope), name);
    }
  }
  const heritage = node.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
  return {
    name,
    range: node.name ? source.range(node.name) : source.span(node.getStart(source.sf), node.getStart(source.sf) + 5),
    exported: hasModifier(node, ts.SyntaxKind.ExportKeyword),
    isDefault: hasModifier(node, ts.SyntaxKind.DefaultKeyword),
    isAbstract: hasModifier(node, ts.SyntaxKind.AbstractKeyword),
    extendsName:
      heritage === undefined ? undefined : (entityName(heritage.expression) ?? source.text(heritage.expression)),
    extendsRange: heritage === undefined ? undefined : source.range(heritage.expression),
    typeParams: node.typeParameters?.map((p) => p.name.text) ?? [],
    properties,
    ...(privateFields.length > 0 ? { privateFields } : {}),
    methods,
    ctorParams,
    decorators: decorators(source, node, outer),
    fields,
  };
}

function dataProperty(
  source: Source,
  member: ts.PropertyDeclaration,
  properties: MemberFact[],
  fields: Record<string, ValueExpr>,
  scope: Scope,
): void {
  // Static fields live on the class, `#private` ones are not properties, `declare` ones are not emitted.
  if (isStatic(member) || ts.isPrivateIdentifier(member.name) || hasModifier(member, ts.SyntaxKind.DeclareKeyword))
    return;
  const type = member.type
    ? typeExpr(source, member.type)
    : member.initializer
      ? initializerType(source, member.initializer)
      : undefined;
  const typeText = member.type ? source.text(member.type) : member.initializer ? source.text(member.initializer) : '';
  const fact = member_(source, member.name, member.questionToken !== undefined, type, typeText);
  properties.push(fact);
  if (member.initializer && fact.keyKind === 'name') fields[fact.name] = value(source, member.initializer, scope);
}

function params(source: Source, parameters: ts.NodeArray<ts.ParameterDeclaration>): ParamFact[] {
  return parameters.map((param) => ({
    name: ts.isIdentifier(param.name) ? param.name.text : source.text(param.name),
    type: param.type ? typeExpr(source, param.type) : undefined,
    typeText: param.type ? source.text(param.type) : '',
    range: param.type ? source.range(param.type) : source.range(param.name),
    nameRange: source.range(param.name),
    isProperty: (ts.getModifiers(param)?.length ?? 0) > 0,
    optional: param.questionToken !== undefined,
  }));
}

/** `this.x = expr` directly in the constructor (the common way to keep an injected bus). */
function collectThisAssignments(
  source: Source,
  body: ts.Block,
  scope: Scope,
  fields: Record<string, ValueExpr>,
  walk: BodyWalker,
  cls: string,
): void {
  for (const statement of body.statements) {
    if (ts.isVariableStatement(statement))
      for (const d of statement.declarationList.declarations) scope.bindVariable(source, d);
    if (
      ts.isExpressionStatement(statement) &&
      ts.isBinaryExpression(statement.expression) &&
      statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken
    ) {
      const target = statement.expression.left;
      if (ts.isPropertyAccessExpression(target) && target.expression.kind === ts.SyntaxKind.ThisKeyword) {
        fields[target.name.text] = value(source, statement.expression.right, scope);
      }
    }
  }
  walk(body, scope, cls);
}

export function decorators(source: Source, node: ts.Node, scope: Scope | undefined): DecoratorFact[] {
  if (!ts.canHaveDecorators(node)) return [];
  return (ts.getDecorators(node) ?? []).map((decorator) => {
    const expression = decorator.expression;
    const call = ts.isCallExpression(expression) ? expression : undefined;
    return {
      callee: entityName(call ? call.expression : expression) ?? source.text(expression),
      args: call ? call.arguments.map((arg) => value(source, arg, scope)) : [],
      range: source.range(decorator),
    };
  });
}
