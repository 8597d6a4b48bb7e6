import {
  checkHandlerDeclaration,
  closestName,
  nameClashMessage,
  notAHandlerMessage,
} from '@messenger-ts/runtime/rules';
import type { Model } from '../model/assemble.js';
import type { Bootstrap } from '../model/bootstrap.js';
import type { HandlerDef } from '../model/handlers.js';
import type { ClassRef } from '../model/ProjectIndex.js';
import { messageTypes } from '../model/queries.js';
import { type Diagnostic, diagnostic } from './types.js';

/** Mistakes in handler declarations and their registration. */
export function handlerDiagnostics(model: Model): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const def of model.handlerDefs) out.push(...definitionProblems(model, def));
  out.push(...registrationProblems(model));
  return out;
}

function definitionProblems(model: Model, def: HandlerDef): Diagnostic[] {
  const out: Diagnostic[] = [];
  const file = def.cls.file;
  const handler = { className: def.cls.decl.name, classFile: file };
  if (def.missingArgument) {
    const inferred = def.handles !== undefined && def.handles !== '*' ? def.handles : undefined;
    const fix = `@AsMessageHandler(${inferred?.decl.name ?? 'YourMessage'})`;
    out.push(
      diagnostic(
        'missing-message-class',
        { file, range: def.decoratorRange },
        `@AsMessageHandler() on ${def.name} needs the message class as first argument: types are erased at run time, so the runtime cannot read the parameter type and refuses it. Write ${fix}.`,
        { data: inferred === undefined ? {} : { className: inferred.decl.name, classFile: inferred.file } },
      ),
    );
  }
  // The runtime's own check of a declaration, for every decorated class (registered or not).
  const buses = [...model.config.buses.keys()];
  const problem = checkHandlerDeclaration(def.cls.decl.name, def, def.methodExists, buses);
  if (problem?.kind === 'unknown-method') {
    const range = def.optionRanges['method'] ?? def.decoratorRange;
    out.push(diagnostic('unknown-handler-method', { file, range }, problem.message, { data: handler }));
  } else if (problem?.kind === 'unknown-bus' && def.bus !== undefined) {
    const closest = closestName(def.bus, buses);
    out.push(
      diagnostic(
        'unknown-handler-bus',
        { file, range: def.optionRanges['bus'] ?? def.decoratorRange },
        problem.message,
        {
          data: { ...handler, unknownName: def.bus, ...(closest === undefined ? {} : { closestName: closest }) },
        },
      ),
    );
  }
  const mismatch = handlesMismatch(model, def);
  if (mismatch !== undefined) out.push(mismatch);
  return out;
}

/** The decorator names one class, the parameter another that the message is not an instance of. */
function handlesMismatch(model: Model, def: HandlerDef): Diagnostic | undefined {
  if (def.missingArgument || def.handles === undefined || def.handles === '*' || def.param?.type === undefined)
    return undefined;
  const types = def.param.type.kind === 'union' ? def.param.type.types : [def.param.type];
  const classes: ClassRef[] = [];
  for (const type of types) {
    if (type.kind === 'kw' && (type.name === 'null' || type.name === 'undefined')) continue;
    const cls = type.kind === 'ref' ? model.index.classNamed(def.cls.file, type.name) : undefined;
    if (cls === undefined) return undefined;
    classes.push(cls);
  }
  const lineage = messageTypes(model, def.handles);
  if (classes.length === 0 || classes.some((c) => lineage.includes(c.key))) return undefined;
  const handles = def.handles.decl.name;
  return diagnostic(
    'handles-mismatch',
    { file: def.cls.file, range: def.param.range },
    `${def.name} is registered for ${handles} (the decorator's argument) but its parameter is typed ${def.param.typeText}: it will receive ${handles} instances. Type the parameter as ${handles} (or a parent class of it), or pass ${classes[0]!.decl.name} to @AsMessageHandler.`,
    { data: { className: handles, classFile: def.handles.file } },
  );
}

function registrationProblems(model: Model): Diagnostic[] {
  if (model.bootstrap === undefined) return [];
  return [
    ...entryProblems(model, model.bootstrap),
    ...unregisteredHandlers(model, model.bootstrap),
    ...nameClashes(model),
  ];
}

const UNRESOLVED =
  'so every @AsMessageHandler class is assumed registered, and missing, duplicate or unregistered handlers are not reported.';

function entryProblems(model: Model, bootstrap: Bootstrap): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (bootstrap.open && bootstrap.options['handlers'] === undefined) {
    out.push(
      diagnostic(
        'unresolved-handler-entry',
        { file: bootstrap.file, range: bootstrap.call.range },
        `The analysis cannot read the options of this createMessenger() call (a spread, or an object built elsewhere), ${UNRESOLVED} Write the options as an object literal with a "handlers" list.`,
      ),
    );
  }
  const decorated = new Set(model.handlerDefs.map((d) => d.cls.key));
  for (const entry of model.entries) {
    // An expression without a range of its own is pointed at through the `handlers` option.
    const where =
      entry.range !== undefined
        ? { file: entry.file, range: entry.range }
        : { file: bootstrap.file, range: bootstrap.optionRanges['handlers'] ?? bootstrap.call.range };
    if (entry.cls === undefined) {
      out.push(
        diagnostic(
          'unresolved-handler-entry',
          where,
          `The analysis cannot tell which class this handler entry builds, ${UNRESOLVED} Pass the class, \`new Handler(…)\`, or a factory returning \`new Handler(…)\`.`,
        ),
      );
    } else if (!decorated.has(entry.cls.key)) {
      out.push(
        diagnostic('invalid-handler-entry', where, notAHandlerMessage(entry.cls.decl.name), {
          data: { className: entry.cls.decl.name, classFile: entry.cls.file, targetFile: bootstrap.file },
        }),
      );
    }
  }
  return out;
}

function unregisteredHandlers(model: Model, bootstrap: Bootstrap): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (model.registrationUnknown) return out;
  const seen = new Set<string>();
  const where = bootstrap.file.slice(model.projectDir.length + 1);
  for (const def of model.handlerDefs) {
    if (model.registeredHandlerClasses.has(def.cls.key) || seen.has(def.cls.key)) continue;
    seen.add(def.cls.key);
    out.push(
      diagnostic(
        'unregistered-handler',
        { file: def.cls.file, range: def.cls.decl.range },
        `${def.cls.decl.name} is decorated with @AsMessageHandler but not listed in createMessenger({ handlers }) in ${where}: it never runs. Add it there (the class, an instance, or a factory).`,
        { data: { className: def.cls.decl.name, classFile: def.cls.file, targetFile: bootstrap.file } },
      ),
    );
  }
  return out;
}

function nameClashes(model: Model): Diagnostic[] {
  return model.nameClashes.map((clash) =>
    diagnostic(
      'duplicate-message-name',
      { file: clash.second.file, range: clash.second.decl.range },
      `${nameClashMessage(clash, model.registry.names)} createMessenger() refuses to start.`,
      { data: { className: clash.second.decl.name, classFile: clash.second.file } },
    ),
  );
}
