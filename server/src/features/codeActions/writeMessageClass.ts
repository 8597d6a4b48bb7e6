import { EditBuilder, offsetAt } from './edits.js';
import type { QuickFix } from './QuickFix.js';
import { codeStyle, editingProject, ensureValueImport, moduleSpecifier } from './sourceEdits.js';
import { tsMorph } from './tsMorph.cjs';

/**
 * `@AsMessageHandler()` without its message class: the class the parameter names is written
 * in as the first argument (types are erased: the runtime needs it), and imported as a value.
 */
export const writeMessageClass: QuickFix = {
  id: 'write-message-class',
  codes: ['missing-message-class'],
  offers(context, diagnostic) {
    const { className, classFile } = diagnostic.data;
    if (className === undefined || classFile === undefined) return [];
    if (context.model.index.classNamed(classFile, className)?.decl.exported !== true) return [];
    return [{ title: `Write ${className} into @AsMessageHandler()`, args: {}, preferred: true }];
  },
  edit(context, diagnostic) {
    const { className, classFile } = diagnostic.data;
    const text = context.read(diagnostic.file);
    const cls =
      className === undefined || classFile === undefined
        ? undefined
        : context.model.index.classNamed(classFile, className);
    if (cls === undefined || text === undefined) return undefined;
    const { Node, SyntaxKind } = tsMorph();
    const style = codeStyle(text);
    const source = editingProject(style).createSourceFile(diagnostic.file, text);
    const start = offsetAt(text, diagnostic.range.start);
    const node = source.getDescendantAtPos(start);
    const decorator = Node.isDecorator(node) ? node : node?.getFirstAncestorByKind(SyntaxKind.Decorator);
    if (decorator === undefined) return undefined;
    const local =
      diagnostic.file === cls.file
        ? cls.decl.name
        : ensureValueImport(
            source,
            cls.decl.name,
            moduleSpecifier(diagnostic.file, cls.file, style),
            cls.decl.isDefault,
          );
    if (!decorator.isDecoratorFactory()) decorator.setIsDecoratorFactory(true);
    decorator.insertArgument(0, local);
    return new EditBuilder().rewrite(diagnostic.file, text, source.getFullText()).build();
  },
};
