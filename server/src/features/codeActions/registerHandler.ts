import { EditBuilder } from './edits.js';
import type { QuickFix } from './QuickFix.js';
import { codeStyle, editingProject, registerInBootstrap } from './sourceEdits.js';

/** A decorated handler class that createMessenger() is not given: listed in its `handlers`, imported. */
export const registerHandler: QuickFix = {
  id: 'register-handler',
  codes: ['unregistered-handler'],
  offers(context, diagnostic) {
    const { className, classFile } = diagnostic.data;
    const bootstrap = context.model.bootstrap;
    if (className === undefined || classFile === undefined || bootstrap === undefined) return [];
    const cls = context.model.index.classNamed(classFile, className);
    if (cls === undefined || !cls.decl.exported) return [];
    const where = bootstrap.file.slice(context.model.projectDir.length + 1);
    return [{ title: `Register ${className} in createMessenger({ handlers }) in ${where}`, args: {}, preferred: true }];
  },
  edit(context, diagnostic) {
    const { className, classFile } = diagnostic.data;
    const bootstrap = context.model.bootstrap;
    if (className === undefined || classFile === undefined || bootstrap === undefined) return undefined;
    const cls = context.model.index.classNamed(classFile, className);
    const text = context.read(bootstrap.file);
    if (cls === undefined || text === undefined) return undefined;
    const style = codeStyle(text);
    const file = registerInBootstrap(
      editingProject(style),
      bootstrap,
      text,
      { name: className, file: classFile, isDefault: cls.decl.isDefault },
      style,
    );
    return file === undefined ? undefined : new EditBuilder().rewrite(bootstrap.file, text, file.getFullText()).build();
  },
};
