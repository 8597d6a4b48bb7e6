import { dirname, relative, sep } from 'node:path';
import type { ObjectLiteralExpression, Project, SourceFile } from 'ts-morph';
import type { Bootstrap } from '../../analysis/model/bootstrap.js';
import { offsetAt } from './edits.js';
import { tsMorph } from './tsMorph.cjs';

/** How the project writes its code, read from one of its files: quotes, indentation, import suffixes. */
export interface CodeStyle {
  readonly quote: "'" | '"';
  readonly indent: string;
  /** `.js` when relative imports name the emitted file (NodeNext), '' when they omit it. */
  readonly importSuffix: string;
}

export function codeStyle(sample: string | undefined): CodeStyle {
  const text = sample ?? '';
  const single = (text.match(/from '/g) ?? []).length;
  const double = (text.match(/from "/g) ?? []).length;
  const indent = /\n( +|\t)\S/.exec(text)?.[1] ?? '  ';
  const relativeImports = [...text.matchAll(/from ['"](\.\.?\/[^'"]*)['"]/g)].map((m) => m[1]!);
  const importSuffix = relativeImports.length > 0 && !relativeImports.some((m) => /\.[cm]?js$/.test(m)) ? '' : '.js';
  return { quote: double > single ? '"' : "'", indent: indent === '\t' ? '\t' : indent, importSuffix };
}

/** A project in memory holding the files to edit, as the editor has them, formatted in the project's style. */
export function editingProject(style: CodeStyle): Project {
  const { Project, QuoteKind, IndentationText } = tsMorph();
  const indentation =
    style.indent === '\t'
      ? IndentationText.Tab
      : style.indent.length === 4
        ? IndentationText.FourSpaces
        : style.indent.length === 8
          ? IndentationText.EightSpaces
          : IndentationText.TwoSpaces;
  return new Project({
    useInMemoryFileSystem: true,
    skipLoadingLibFiles: true,
    manipulationSettings: {
      quoteKind: style.quote === '"' ? QuoteKind.Double : QuoteKind.Single,
      indentationText: indentation,
      usePrefixAndSuffixTextForRename: false,
    },
  });
}

/** The module specifier that imports `target` from `from`, in the project's style (`./Message/Sms.js`). */
export function moduleSpecifier(from: string, target: string, style: CodeStyle): string {
  let path = relative(dirname(from), target).split(sep).join('/');
  if (!path.startsWith('.')) path = `./${path}`;
  return (
    path.replace(/\.[cm]?tsx?$/, '') +
    (/\.mts$/.test(target) ? '.mjs' : /\.cts$/.test(target) ? '.cjs' : style.importSuffix)
  );
}

/**
 * Makes a class of another module usable as a value in the file (a decorator argument, a
 * handlers entry): an existing import of it is kept, a type-only one becomes a value import,
 * else one is added (under an alias if the name is taken). Returns the local name.
 */
export function ensureValueImport(file: SourceFile, name: string, specifier: string, isDefault: boolean): string {
  const sameModule = (value: string) => stripExtension(value) === stripExtension(specifier);
  const taken = new Set<string>();
  for (const declaration of file.getImportDeclarations()) {
    const fromTarget = sameModule(declaration.getModuleSpecifierValue());
    const named = declaration.getNamedImports().find((n) => n.getName() === (isDefault ? 'default' : name));
    const imported = isDefault ? declaration.getDefaultImport() : named;
    if (fromTarget && imported !== undefined) {
      if (declaration.isTypeOnly()) declaration.setIsTypeOnly(false);
      if (named?.isTypeOnly()) named.setIsTypeOnly(false);
      return named?.getAliasNode()?.getText() ?? imported.getText();
    }
    for (const n of declaration.getNamedImports()) taken.add(n.getAliasNode()?.getText() ?? n.getName());
    const defaultImport = declaration.getDefaultImport()?.getText();
    if (defaultImport !== undefined) taken.add(defaultImport);
  }
  // The same name imported from another module (two `Notification` classes): import this one under an alias.
  let local = name;
  for (let n = 2; taken.has(local) || file.getClass(local) !== undefined; n++) local = `${name}${n}`;
  if (isDefault) file.addImportDeclaration({ defaultImport: local, moduleSpecifier: specifier });
  else
    file.addImportDeclaration({
      namedImports: [local === name ? name : { name, alias: local }],
      moduleSpecifier: specifier,
    });
  return local;
}

function stripExtension(specifier: string): string {
  return specifier.replace(/\.[cm]?[jt]sx?$/, '');
}

/** The local name of a runtime export in the file (`AsMessageHandler`, or its alias), imported if needed. */
export function runtimeImport(file: SourceFile, name: string): string {
  for (const declaration of file.getImportDeclarations()) {
    if (declaration.getModuleSpecifierValue() !== '@messenger-ts/runtime') continue;
    const named = declaration.getNamedImports().find((n) => n.getName() === name);
    if (named !== undefined) return named.getAliasNode()?.getText() ?? name;
    declaration.addNamedImport(name);
    return name;
  }
  file.insertImportDeclaration(0, { namedImports: [name], moduleSpecifier: '@messenger-ts/runtime' });
  return name;
}

/**
 * Lists a handler class in createMessenger({ handlers }) of the bootstrap module: its import,
 * and an entry at the end of the list. False when the list is not an array literal the fix can
 * extend (built by a function, imported): the analysis then assumes every handler registered.
 */
export function registerInBootstrap(
  project: Project,
  bootstrap: Bootstrap,
  text: string,
  handler: { readonly name: string; readonly file: string; readonly isDefault: boolean },
  style: CodeStyle,
): SourceFile | undefined {
  const { SyntaxKind, Node } = tsMorph();
  const file = project.createSourceFile(bootstrap.file, text, { overwrite: true });
  const start = offsetAt(text, bootstrap.call.range.start);
  const calls = file.getDescendantsOfKind(SyntaxKind.CallExpression);
  const callExpression =
    calls.find((call) => call.getExpression().getStart() === start) ??
    calls.find((call) => /\bcreateMessenger$/.test(call.getExpression().getText()));
  let options = callExpression?.getArguments()[0];
  if (Node.isIdentifier(options)) {
    const declaration = file.getVariableDeclaration(options.getText());
    options = declaration?.getInitializer();
  }
  if (!Node.isObjectLiteralExpression(options)) return undefined;
  const importHandler = (): string =>
    handler.file === bootstrap.file
      ? handler.name
      : ensureValueImport(file, handler.name, moduleSpecifier(bootstrap.file, handler.file, style), handler.isDefault);
  const list = handlersList(options);
  if (list === 'absent') {
    if (options.getProperties().some((p) => Node.isSpreadAssignment(p))) return undefined;
    const local = importHandler();
    options.addPropertyAssignment({ name: 'handlers', initializer: `[${local}]` });
    return file;
  }
  if (list === undefined) return undefined;
  const local = importHandler();
  // A list written one entry per line with a trailing comma keeps that style.
  const trailingComma = /,\s*\]$/.test(list.getText());
  const element = list.addElement(local, { useNewLines: list.getText().includes('\n') });
  if (trailingComma && !/,\s*\]$/.test(list.getText())) file.insertText(element.getEnd(), ',');
  return file;
}

function handlersList(options: ObjectLiteralExpression) {
  const { Node } = tsMorph();
  const property = options.getProperty('handlers');
  if (property === undefined) return 'absent' as const;
  const value = Node.isPropertyAssignment(property) ? property.getInitializer() : undefined;
  return Node.isArrayLiteralExpression(value) ? value : undefined;
}
