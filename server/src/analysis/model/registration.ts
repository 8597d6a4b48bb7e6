import { type HandlerDeclaration, registerHandlerDeclarations } from '@messenger-ts/runtime/rules';
import type { HandlersByBus } from './assemble.js';
import type { Bootstrap } from './bootstrap.js';
import type { HandlerDef, HandlerEntry } from './handlers.js';
import type { ClassRef, ProjectIndex } from './ProjectIndex.js';

/** The handler classes createMessenger() registers; all decorated ones when there is no call to read, or entries it cannot follow. */
export function registration(
  bootstrap: Bootstrap | undefined,
  entries: readonly HandlerEntry[],
  defsByClass: ReadonlyMap<string, HandlerDef[]>,
): { registrationUnknown: boolean; registeredClasses: string[] } {
  const registrationUnknown =
    bootstrap !== undefined &&
    ((bootstrap.open && bootstrap.options['handlers'] === undefined) || entries.some((e) => e.cls === undefined));
  const registeredClasses =
    bootstrap === undefined || registrationUnknown
      ? [...defsByClass.keys()]
      : entries.flatMap((e) => (e.cls ? [e.cls.key] : []));
  return { registrationUnknown, registeredClasses };
}

/** A declaration as the registration rule reads it: by the key of the class it handles. */
type Declaration = HandlerDeclaration<string> & { readonly def: HandlerDef };

/** The runtime's handler registration over the registered classes' declarations (those whose message the analysis can tell). */
export function registerHandlers(
  index: ProjectIndex,
  classes: readonly string[],
  defsByClass: ReadonlyMap<string, readonly HandlerDef[]>,
  buses: readonly string[],
): HandlersByBus {
  const declarations = (key: string): Declaration[] =>
    (defsByClass.get(key) ?? []).flatMap((def) =>
      def.handles === undefined ? [] : [{ ...def, handles: def.handles === '*' ? '*' : def.handles.key, def }],
    );
  const { table } = registerHandlerDeclarations<ClassRef, string, Declaration, HandlerDef>(
    classes.flatMap((key) => index.classes.get(key) ?? []),
    buses,
    {
      className: (cls) => cls.decl.name,
      declarations: (cls) => declarations(cls.key),
      hasMethod: (cls, method) => (defsByClass.get(cls.key) ?? []).some((d) => d.method === method && d.methodExists),
      entry: (_cls, declaration) => declaration.def,
    },
  );
  return table;
}
