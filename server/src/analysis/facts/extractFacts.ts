import ts from '../typescript.cjs';
import { classFact } from './classes.js';
import { exportDeclaration, importDeclaration } from './moduleSyntax.js';
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

interface NodeItem {
  readonly node: ts.Node;
  readonly scope: Scope | undefined;
  readonly inClass: string | undefined;
}

type WalkItem = NodeItem | { readonly bind: () => void };

class FileWalker {
  /** Set while a walk runs: what the node being visited adds to it. */
  private pending: WalkItem[] | undefined;
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
    if (ts.isImportDeclaration(node)) return importDeclaration(node, this.imports);
    if (ts.isExportDeclaration(node)) return exportDeclaration(node, this.exports, this.exportStars);
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

  private classDeclaration(node: ts.ClassLikeDeclaration, scope: Scope | undefined): void {
    const name = node.name?.text ?? (hasModifier(node, ts.SyntaxKind.DefaultKeyword) ? 'default' : undefined);
    if (name === undefined) return;
    if (ts.isClassDeclaration(node)) this.exported(node, name);
    this.classes.push(
      classFact(this.source, node, name, scope, (body, bodyScope, cls) => this.walk(body, bodyScope, cls)),
    );
  }

  /**
   * Finds dispatches, `new` expressions and createMessenger calls, tracking local variables.
   * Iterative, in source order: a file nested thousands of levels deep must not exhaust the
   * stack. While a walk runs, bodies handed over by class declarations join it.
   */
  walk(node: ts.Node, scope: Scope | undefined, inClass: string | undefined): void {
    if (this.pending !== undefined) {
      this.pending.push({ node, scope, inClass });
      return;
    }
    const stack: WalkItem[] = [{ node, scope, inClass }];
    try {
      while (stack.length > 0) {
        const item = stack.pop()!;
        this.pending = [];
        if ('bind' in item) item.bind();
        else this.visit(item);
        for (let i = this.pending.length - 1; i >= 0; i--) stack.push(this.pending[i]!);
      }
    } finally {
      this.pending = undefined;
    }
  }

  /** One node: its facts now, its children (and a binding that must follow them) queued in `pending`. */
  private visit({ node, scope, inClass }: NodeItem): void {
    const pending = this.pending!;
    if (ts.isClassLike(node)) return this.classDeclaration(node, scope);
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
      const inner = new Scope(scope);
      inner.bindParams(this.source, node.parameters, false);
      pending.push({ node: node.body, scope: inner, inClass });
      return;
    }
    if (ts.isVariableDeclaration(node) && scope !== undefined) {
      // The initializer is walked before the name is bound, as it runs.
      if (node.initializer) pending.push({ node: node.initializer, scope, inClass });
      pending.push({ bind: () => scope.bindVariable(this.source, node) });
      return;
    }
    if (ts.isCallExpression(node)) this.call(node, scope, inClass);
    else if (ts.isNewExpression(node)) this.newExpression(node, scope);
    ts.forEachChild(node, (child) => {
      pending.push({ node: child, scope, inClass });
    });
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

/**
 * Extracts the facts of one file. Never throws: the parser recovers from any text, and a file
 * that still cannot be analysed (nested deeper than the parser's stack allows) is marked
 * skipped, with the reason, so that the rest of the project is analysed as usual.
 */
export function extractFacts(file: string, text: string): FileFacts {
  if (text.length > MAX_FILE_SIZE)
    return {
      ...emptyFacts(file),
      skipped: `${(text.length / 1024 / 1024).toFixed(1)} MB is over the ${MAX_FILE_SIZE / 1024 / 1024} MB analysis limit`,
    };
  try {
    return walkFile(file, text);
  } catch (error) {
    const reason =
      error instanceof RangeError
        ? 'it is nested too deeply for the TypeScript parser'
        : `reading it failed (${error instanceof Error ? error.message : String(error)})`;
    return { ...emptyFacts(file), skipped: reason };
  }
}

function walkFile(file: string, text: string): FileFacts {
  const sf = parse(file, text);
  const walker = new FileWalker(new Source(sf));
  for (const statement of sf.statements) walker.statement(statement);
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
    imports: walker.imports,
    exports: walker.exports,
    exportStars: walker.exportStars,
    defaultExport: walker.defaultExport,
    classes: walker.classes,
    interfaces: walker.interfaces,
    aliases: walker.aliases,
    enums: walker.enums,
    variables: walker.variables,
    dispatches: walker.dispatches,
    news: walker.news,
    messengerCalls: walker.messengerCalls,
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
