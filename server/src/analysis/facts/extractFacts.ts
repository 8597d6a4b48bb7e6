import ts from '../typescript.cjs';
import { classFact } from './classes.js';
import { entityName, hasModifier, parse, Source } from './source.js';
import { typeExpr, typeMembers } from './typeNodes.js';
import type {
  AliasFact,
  ClassFact,
  DispatchFact,
  ExportFact,
  FileFacts,
  ImportFact,
  InterfaceFact,
  MessengerCallFact,
  NewFact,
  ValueExpr,
} from './types.js';
import { boundNames, Scope, value } from './values.js';

/** Files above this size are not analysed (generated code, bundles): parsing them would stall every edit. */
export const MAX_FILE_SIZE = 1024 * 1024;

// Enough for `getBus('x')`, `messenger.getBus('x')`, `this.bus`: what a constructor argument is searched for.
const NEW_ARGUMENT_DEPTH = 4;

class FileWalker {
  // Maps, not objects: thousands of files each adding differently named keys would send V8's hidden classes megamorphic.
  readonly imports = new Map<string, ImportFact>();
  readonly exports = new Map<string, ExportFact>();
  readonly exportStars: string[] = [];
  defaultExport: ValueExpr | undefined;
  readonly classes: ClassFact[] = [];
  readonly interfaces: InterfaceFact[] = [];
  readonly aliases: AliasFact[] = [];
  readonly enums: string[] = [];
  readonly variables = new Map<string, ValueExpr>();
  readonly dispatches: DispatchFact[] = [];
  readonly news: NewFact[] = [];
  readonly messengerCalls: MessengerCallFact[] = [];

  constructor(readonly source: Source) {}

  statement(node: ts.Statement): void {
    if (ts.isImportDeclaration(node)) return this.importDeclaration(node);
    if (ts.isExportDeclaration(node)) return this.exportDeclaration(node);
    if (ts.isExportAssignment(node)) {
      this.defaultExport = value(this.source, node.expression, undefined);
      if (ts.isIdentifier(node.expression)) this.exports.set('default', { kind: 'local', local: node.expression.text });
      return this.walk(node.expression, undefined, undefined);
    }
    if (ts.isClassDeclaration(node)) return this.classDeclaration(node, undefined);
    if (ts.isInterfaceDeclaration(node)) {
      this.exported(node, node.name.text);
      this.interfaces.push({
        name: node.name.text,
        range: this.source.range(node.name),
        extendsNames: node.heritageClauses?.flatMap((c) => c.types.map((t) => entityName(t.expression) ?? '')) ?? [],
        typeParams: node.typeParameters?.map((p) => p.name.text) ?? [],
        members: typeMembers(this.source, node.members),
      });
      return;
    }
    if (ts.isTypeAliasDeclaration(node)) {
      this.exported(node, node.name.text);
      this.aliases.push({
        name: node.name.text,
        range: this.source.range(node.name),
        typeParams: node.typeParameters?.map((p) => p.name.text) ?? [],
        type: typeExpr(this.source, node.type),
      });
      return;
    }
    if (ts.isEnumDeclaration(node)) {
      this.exported(node, node.name.text);
      this.enums.push(node.name.text);
      return;
    }
    if (ts.isVariableStatement(node)) {
      for (const declaration of node.declarationList.declarations) {
        // Module-level bindings stay names (`ref`), resolved across files later; a Scope computes them.
        const scope = new Scope(undefined);
        scope.bindVariable(this.source, declaration);
        for (const name of boundNames(declaration.name)) {
          this.exported(node, name);
          this.variables.set(name, scope.lookup(name) ?? { kind: 'unknown' });
        }
        if (declaration.initializer) this.walk(declaration.initializer, undefined, undefined);
      }
      return;
    }
    if (ts.isFunctionDeclaration(node) && node.name) this.exported(node, node.name.text);
    this.walk(node, undefined, undefined);
  }

  private exported(node: ts.Node, name: string): void {
    if (!hasModifier(node, ts.SyntaxKind.ExportKeyword)) return;
    this.exports.set(hasModifier(node, ts.SyntaxKind.DefaultKeyword) ? 'default' : name, {
      kind: 'local',
      local: name,
    });
  }

  private importDeclaration(node: ts.ImportDeclaration): void {
    if (!ts.isStringLiteral(node.moduleSpecifier) || node.importClause === undefined) return;
    const module = node.moduleSpecifier.text;
    const clause = node.importClause;
    if (clause.name) this.imports.set(clause.name.text, { module, name: 'default' });
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) this.imports.set(bindings.name.text, { module, name: '*' });
    if (bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements)
        this.imports.set(element.name.text, { module, name: (element.propertyName ?? element.name).text });
    }
  }

  private exportDeclaration(node: ts.ExportDeclaration): void {
    const module =
      node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) ? node.moduleSpecifier.text : undefined;
    const clause = node.exportClause;
    if (clause === undefined) {
      if (module !== undefined) this.exportStars.push(module);
      return;
    }
    if (ts.isNamespaceExport(clause)) {
      if (module !== undefined) this.exports.set(clause.name.text, { kind: 'from', module, name: '*' });
      return;
    }
    for (const element of clause.elements) {
      const local = (element.propertyName ?? element.name).text;
      this.exports.set(
        element.name.text,
        module === undefined ? { kind: 'local', local } : { kind: 'from', module, name: local },
      );
    }
  }

  private classDeclaration(node: ts.ClassLikeDeclaration, scope: Scope | undefined): void {
    const name = node.name?.text ?? (hasModifier(node, ts.SyntaxKind.DefaultKeyword) ? 'default' : undefined);
    if (name === undefined) return;
    if (ts.isClassDeclaration(node)) this.exported(node, name);
    this.classes.push(
      classFact(this.source, node, name, scope, (body, bodyScope, cls) => this.walk(body, bodyScope, cls)),
    );
  }

  /** Finds dispatches, `new` expressions and createMessenger calls, tracking local variables. */
  walk(node: ts.Node, scope: Scope | undefined, inClass: string | undefined): void {
    const visit = (child: ts.Node, current: Scope | undefined): void => {
      if (ts.isClassLike(child)) {
        this.classDeclaration(child, current);
        return;
      }
      if (ts.isFunctionLike(child) && 'body' in child && child.body !== undefined) {
        const inner = new Scope(current);
        inner.bindParams(this.source, child.parameters, false);
        visit(child.body, inner);
        return;
      }
      if (ts.isVariableDeclaration(child) && current !== undefined) {
        if (child.initializer) visit(child.initializer, current);
        current.bindVariable(this.source, child);
        return;
      }
      if (ts.isCallExpression(child)) this.call(child, current, inClass);
      else if (ts.isNewExpression(child)) this.newExpression(child, current);
      ts.forEachChild(child, (c) => visit(c, current));
    };
    visit(node, scope);
  }

  private call(node: ts.CallExpression, scope: Scope | undefined, inClass: string | undefined): void {
    const callee = node.expression;
    const name = ts.isIdentifier(callee)
      ? callee.text
      : ts.isPropertyAccessExpression(callee)
        ? callee.name.text
        : undefined;
    const args = node.arguments;
    if (name === 'dispatch' && ts.isPropertyAccessExpression(callee) && args.length >= 1) {
      const receiver = value(this.source, callee.expression, scope);
      this.dispatches.push({
        via: 'dispatch',
        callee: receiver,
        receiver,
        message: value(this.source, args[0]!, scope),
        range: this.source.range(args[0]!),
        inClass,
      });
    } else if (name === 'handle' && args.length >= 2) {
      this.dispatches.push({
        via: 'handle',
        callee: value(this.source, callee, scope),
        receiver: value(this.source, args[0]!, scope),
        message: value(this.source, args[1]!, scope),
        range: this.source.range(args[1]!),
        inClass,
      });
    } else if (name === 'createMessenger') {
      const options =
        args[0] === undefined ? { kind: 'obj' as const, props: {}, keyRanges: {} } : value(this.source, args[0], scope);
      this.messengerCalls.push({ callee: this.source.text(callee), options, range: this.source.range(callee) });
    }
  }

  private newExpression(node: ts.NewExpression, scope: Scope | undefined): void {
    const cls = entityName(node.expression);
    if (cls === undefined || node.arguments === undefined || node.arguments.length === 0) return;
    // Only `new` with something a bus could flow through (not literals) is worth keeping.
    if (
      node.arguments.every(
        (a) => ts.isLiteralExpression(a) || ts.isObjectLiteralExpression(a) || ts.isArrayLiteralExpression(a),
      )
    )
      return;
    this.news.push({ cls, args: node.arguments.map((a) => value(this.source, a, scope, 0, NEW_ARGUMENT_DEPTH)) });
  }
}

/** Extracts the facts of one file. Never throws: the parser recovers from any text. */
export function extractFacts(file: string, text: string): FileFacts {
  if (text.length > MAX_FILE_SIZE)
    return {
      ...emptyFacts(file),
      skipped: `${(text.length / 1024 / 1024).toFixed(1)} MB is over the ${MAX_FILE_SIZE / 1024 / 1024} MB analysis limit`,
    };
  const sf = parse(file, text);
  const walker = new FileWalker(new Source(sf));
  for (const statement of sf.statements) walker.statement(statement);
  const {
    imports,
    exports,
    exportStars,
    defaultExport,
    classes,
    interfaces,
    aliases,
    enums,
    variables,
    dispatches,
    news,
    messengerCalls,
  } = walker;
  const parseDiagnostics = (sf as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  const first = parseDiagnostics[0];
  const firstSyntaxError =
    first === undefined
      ? undefined
      : {
          range: walker.source.span(first.start, first.start + first.length),
          message: ts.flattenDiagnosticMessageText(first.messageText, ' '),
        };
  return {
    file,
    imports,
    exports,
    exportStars,
    defaultExport,
    classes,
    interfaces,
    aliases,
    enums,
    variables,
    dispatches,
    news,
    messengerCalls,
    syntaxErrors: parseDiagnostics.length,
    ...(firstSyntaxError ? { firstSyntaxError } : {}),
  };
}

function emptyFacts(file: string): FileFacts {
  return {
    file,
    imports: new Map(),
    exports: new Map(),
    exportStars: [],
    defaultExport: undefined,
    classes: [],
    interfaces: [],
    aliases: [],
    enums: [],
    variables: new Map(),
    dispatches: [],
    news: [],
    messengerCalls: [],
    syntaxErrors: 0,
  };
}
