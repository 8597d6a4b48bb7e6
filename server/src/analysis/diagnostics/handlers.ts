import { didYouMean } from '@messenger-ts/runtime';
import type { Model } from '../model/assemble.js';
import type { Bootstrap } from '../model/bootstrap.js';
import type { HandlerDef } from '../model/handlers.js';
import type { ClassRef } from '../model/ProjectIndex.js';
import { messageTypes } from '../model/queries.js';
import type { Diagnostic } from './types.js';

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
  const name = def.name;
  if (def.missingArgument) {
    const inferred = def.handles !== undefined && def.handles !== '*' ? def.handles.decl.name : undefined;
    const fix = `@AsMessageHandler(${inferred ?? 'YourMessage'})`;
    out.push({
      file,
      range: def.decoratorRange,
      severity: 'error',
      code: 'missing-message-class',
      message: `@AsMessageHandler() on ${name} needs the message class as first argument: types are erased at run time, so the runtime cannot read the parameter type and refuses it. Write ${fix}.`,
    });
  }
  if (!def.methodExists) {
    out.push({
      file,
      range: def.optionRanges['method'] ?? def.decoratorRange,
      severity: 'error',
      code: 'unknown-handler-method',
      message: `${def.cls.decl.name} has no method "${def.method}" to handle messages with: add it, set the "method" option to an existing method, or decorate the method itself.`,
    });
  }
  const buses = [...model.config.buses.keys()];
  if (def.bus !== undefined && !model.config.buses.has(def.bus)) {
    out.push({
      file,
      range: def.optionRanges['bus'] ?? def.decoratorRange,
      severity: 'error',
      code: 'unknown-handler-bus',
      message: `Bus "${def.bus}" of handler ${name} does not exist${didYouMean(def.bus, buses)}: the runtime refuses to start. Configured buses: ${buses.join(', ')}.`,
    });
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
  return {
    file: def.cls.file,
    range: def.param.range,
    severity: 'error',
    code: 'handles-mismatch',
    message: `${def.name} is registered for ${handles} (the decorator's argument) but its parameter is typed ${def.param.typeText}: it will receive ${handles} instances. Type the parameter as ${handles} (or a parent class of it), or pass ${classes[0]!.decl.name} to @AsMessageHandler.`,
  };
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
    out.push({
      file: bootstrap.file,
      range: bootstrap.call.range,
      severity: 'information',
      code: 'unresolved-handler-entry',
      message: `The analysis cannot read the options of this createMessenger() call (a spread, or an object built elsewhere), ${UNRESOLVED} Write the options as an object literal with a "handlers" list.`,
    });
  }
  const decorated = new Set(model.handlerDefs.map((d) => d.cls.key));
  for (const entry of model.entries) {
    // An expression without a range of its own is pointed at through the `handlers` option.
    const at =
      entry.range !== undefined
        ? { file: entry.file, range: entry.range }
        : { file: bootstrap.file, range: bootstrap.optionRanges['handlers'] ?? bootstrap.call.range };
    if (entry.cls === undefined) {
      out.push({
        ...at,
        severity: 'information',
        code: 'unresolved-handler-entry',
        message: `The analysis cannot tell which class this handler entry builds, ${UNRESOLVED} Pass the class, \`new Handler(…)\`, or a factory returning \`new Handler(…)\`.`,
      });
    } else if (!decorated.has(entry.cls.key)) {
      out.push({
        ...at,
        severity: 'error',
        code: 'invalid-handler-entry',
        message: `${entry.cls.decl.name} has no @AsMessageHandler on the class or its methods: createMessenger() refuses it. Decorate it, or remove it from "handlers".`,
      });
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
    out.push({
      file: def.cls.file,
      range: def.cls.decl.range,
      severity: 'warning',
      code: 'unregistered-handler',
      message: `${def.cls.decl.name} is decorated with @AsMessageHandler but not listed in createMessenger({ handlers }) in ${where}: it never runs. Add it there (the class, an instance, or a factory).`,
    });
  }
  return out;
}

function nameClashes(model: Model): Diagnostic[] {
  return model.registry.clashes.map(
    (clash): Diagnostic => ({
      file: clash.second.file,
      range: clash.second.decl.range,
      severity: 'error',
      code: 'duplicate-message-name',
      message: `Two registered message classes go by the name "${clash.name}": ${clash.first.decl.name} (${clash.first.file.slice(model.projectDir.length + 1)}) and this one. createMessenger() refuses to start: give one a distinct wire name with @AsMessage({ type: '…' }).`,
    }),
  );
}
