import ts from '../typescript.cjs';
import type { ExportFact, ImportFact } from './types.js';

/** `import … from '…'`: the names it binds. */
export function importDeclaration(node: ts.ImportDeclaration, imports: Map<string, ImportFact>): void {
  if (!ts.isStringLiteral(node.moduleSpecifier) || node.importClause === undefined) return;
  const module = node.moduleSpecifier.text;
  const clause = node.importClause;
  if (clause.name) imports.set(clause.name.text, { module, name: 'default' });
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) imports.set(bindings.name.text, { module, name: '*' });
  if (bindings && ts.isNamedImports(bindings)) {
    for (const element of bindings.elements)
      imports.set(element.name.text, { module, name: (element.propertyName ?? element.name).text });
  }
}

/** `export … from '…'`, `export { … }`, `export * from '…'`. */
export function exportDeclaration(
  node: ts.ExportDeclaration,
  exports: Map<string, ExportFact>,
  exportStars: string[],
): void {
  const module =
    node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) ? node.moduleSpecifier.text : undefined;
  const clause = node.exportClause;
  if (clause === undefined) {
    if (module !== undefined) exportStars.push(module);
    return;
  }
  if (ts.isNamespaceExport(clause)) {
    if (module !== undefined) exports.set(clause.name.text, { kind: 'from', module, name: '*' });
    return;
  }
  for (const element of clause.elements) {
    const local = (element.propertyName ?? element.name).text;
    exports.set(
      element.name.text,
      module === undefined ? { kind: 'local', local } : { kind: 'from', module, name: local },
    );
  }
}
