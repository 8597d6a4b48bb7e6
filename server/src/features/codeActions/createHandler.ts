import { basename, dirname, join, relative } from 'node:path';
import type { SourceFile } from 'ts-morph';
import type { Model } from '../../analysis/model/assemble.js';
import type { ClassRef } from '../../analysis/model/ProjectIndex.js';
import { handlersFor } from '../../analysis/model/queries.js';
import { EditBuilder } from './edits.js';
import type { FixContext, FixedDiagnostic, FixOffer, QuickFix } from './QuickFix.js';
import {
  type CodeStyle,
  codeStyle,
  editingProject,
  ensureValueImport,
  moduleSpecifier,
  registerInBootstrap,
  runtimeImport,
} from './sourceEdits.js';

/**
 * A message nobody handles gets a handler: a new class where the project keeps its handlers
 * (`src/MessageHandler/<Message>Handler.ts` by default), decorated for the right bus, listed in
 * createMessenger({ handlers }); or a method on a handler class of that bus that already
 * handles several messages.
 */
export const createHandler: QuickFix = {
  id: 'create-handler',
  codes: ['missing-handler'],
  offers(context, diagnostic) {
    const message = messageOf(context.model, diagnostic);
    if (message === undefined) return [];
    const bus = diagnostic.data.bus;
    // A handler exists and the problem is elsewhere (a query routed away, a handler bound to another transport).
    const buses = bus === undefined ? [...context.model.config.buses.keys()] : [bus];
    if (buses.some((b) => handlersFor(context.model, message, b).length > 0)) return [];
    const file = newHandlerFile(context, message);
    const offers: FixOffer[] = [
      {
        title: `Create ${handlerName(file)} for ${message.decl.name} in ${relative(context.model.projectDir, file)}`,
        args: { kind: 'file' },
        preferred: true,
      },
    ];
    for (const target of methodTargets(context.model, bus)) {
      offers.push({
        title: `Add a handler method for ${message.decl.name} to ${target.decl.name}`,
        args: { kind: 'method', classFile: target.file, className: target.decl.name },
      });
    }
    return offers;
  },
  edit(context, diagnostic, args) {
    const message = messageOf(context.model, diagnostic);
    if (message === undefined) return undefined;
    return args['kind'] === 'method'
      ? addMethod(context, diagnostic, message, args['classFile'] ?? '', args['className'] ?? '')
      : createFile(context, diagnostic, message);
  },
};

function messageOf(model: Model, diagnostic: FixedDiagnostic): ClassRef | undefined {
  const { className, classFile } = diagnostic.data;
  if (className === undefined || classFile === undefined) return undefined;
  const cls = model.index.classNamed(classFile, className);
  // An import needs an export: a class the module keeps to itself cannot be handled from elsewhere.
  return cls?.decl.exported ? cls : undefined;
}

/** The directory most handlers of the project are in; `src/MessageHandler` in a project with none. */
function handlerDir(model: Model): string {
  const counts = new Map<string, number>();
  for (const def of model.handlerDefs) counts.set(dirname(def.cls.file), (counts.get(dirname(def.cls.file)) ?? 0) + 1);
  let best: string | undefined;
  for (const [dir, count] of counts) if (best === undefined || count > counts.get(best)!) best = dir;
  return best ?? join(model.projectDir, 'src', 'MessageHandler');
}

function newHandlerFile(context: FixContext, message: ClassRef): string {
  const dir = handlerDir(context.model);
  for (let n = 1; ; n++) {
    const file = join(dir, `${message.decl.name}Handler${n === 1 ? '' : n}.ts`);
    if (!context.exists(file)) return file;
  }
}

function handlerName(file: string): string {
  return basename(file, '.ts');
}

/** The bus option to write: only when the project has several buses and the diagnostic names one. */
function busOption(model: Model, bus: string | undefined, style: CodeStyle): string[] {
  return bus === undefined || model.config.buses.size < 2 ? [] : [`{ bus: ${style.quote}${bus}${style.quote} }`];
}

function styleOf(context: FixContext): CodeStyle {
  const sample = context.model.bootstrap?.file ?? context.model.handlerDefs[0]?.cls.file;
  return codeStyle(sample === undefined ? undefined : context.read(sample));
}

function createFile(context: FixContext, diagnostic: FixedDiagnostic, message: ClassRef) {
  const { model } = context;
  const style = styleOf(context);
  const project = editingProject(style);
  const file = newHandlerFile(context, message);
  const source = project.createSourceFile(file, '');
  const decorator = runtimeImport(source, 'AsMessageHandler');
  const local = ensureValueImport(
    source,
    message.decl.name,
    moduleSpecifier(file, message.file, style),
    message.decl.isDefault,
  );
  source.addClass({
    name: handlerName(file),
    isExported: true,
    decorators: [{ name: decorator, arguments: [local, ...busOption(model, diagnostic.data.bus, style)] }],
    methods: [
      {
        name: '__invoke',
        parameters: [{ name: 'message', type: local }],
        returnType: 'void',
        statements: [`// Handle ${message.decl.name} here.`],
      },
    ],
  });
  const edit = new EditBuilder().create(file, source.getFullText());
  register(context, project, edit, { name: handlerName(file), file, isDefault: false }, style);
  return edit.build();
}

function addMethod(
  context: FixContext,
  diagnostic: FixedDiagnostic,
  message: ClassRef,
  classFile: string,
  className: string,
) {
  const { model } = context;
  const target = model.index.classNamed(classFile, className);
  const text = context.read(classFile);
  if (target === undefined || text === undefined) return undefined;
  const style = codeStyle(text);
  const project = editingProject(style);
  const source: SourceFile = project.createSourceFile(classFile, text);
  const declaration = source.getClass(className);
  if (declaration === undefined) return undefined;
  const decorator = runtimeImport(source, 'AsMessageHandler');
  const local =
    message.file === classFile
      ? message.decl.name
      : ensureValueImport(
          source,
          message.decl.name,
          moduleSpecifier(classFile, message.file, style),
          message.decl.isDefault,
        );
  const base = message.decl.name.charAt(0).toLowerCase() + message.decl.name.slice(1);
  let name = base;
  for (let n = 2; declaration.getMember(name) !== undefined; n++) name = `${base}${n}`;
  declaration.addMethod({
    name,
    decorators: [{ name: decorator, arguments: [local, ...busOption(model, diagnostic.data.bus, style)] }],
    parameters: [{ name: 'message', type: local }],
    returnType: 'void',
    statements: [`// Handle ${message.decl.name} here.`],
  });
  const edit = new EditBuilder().rewrite(classFile, text, source.getFullText());
  if (!model.registeredHandlerClasses.has(target.key))
    register(context, project, edit, { name: className, file: classFile, isDefault: target.decl.isDefault }, style);
  return edit.build();
}

/** Lists the handler class in createMessenger({ handlers }), when the analysis follows that list. */
function register(
  context: FixContext,
  project: ReturnType<typeof editingProject>,
  edit: EditBuilder,
  handler: { name: string; file: string; isDefault: boolean },
  style: CodeStyle,
): void {
  const bootstrap = context.model.bootstrap;
  if (bootstrap === undefined || context.model.registrationUnknown) return;
  const text = context.read(bootstrap.file);
  if (text === undefined) return;
  const file = registerInBootstrap(project, bootstrap, text, handler, style);
  if (file !== undefined) edit.rewrite(bootstrap.file, text, file.getFullText());
}

/** Classes whose methods are handlers (several messages in one class), on the bus: where a method fits. */
function methodTargets(model: Model, bus: string | undefined): ClassRef[] {
  const byClass = new Map<string, { cls: ClassRef; fits: boolean }>();
  for (const def of model.handlerDefs) {
    const entry = byClass.get(def.cls.key) ?? { cls: def.cls, fits: true };
    entry.fits &&= def.onMethod && (bus === undefined || def.bus === undefined || def.bus === bus);
    byClass.set(def.cls.key, entry);
  }
  return [...byClass.values()]
    .filter((entry) => entry.fits && model.registeredHandlerClasses.has(entry.cls.key))
    .map((entry) => entry.cls)
    .slice(0, 3);
}
