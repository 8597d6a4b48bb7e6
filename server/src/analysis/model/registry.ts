import { join, relative } from 'node:path';
import {
  type Autoload,
  type MessageClassNames,
  MessageNameRegistry,
  MODULE_EXTENSIONS,
  messageTypeName,
  type RoutingKeyResolution,
  type RoutingRuleConfig,
  resolveRoutingKey as resolveKey,
  routingKeyModule,
} from '@messenger-ts/runtime/rules';
import type { Range } from '../facts/types.js';
import { isSourceFile } from '../project/files.js';
import { isRuntimeDecorator } from './handlers.js';
import type { ClassRef, ProjectIndex } from './ProjectIndex.js';

export interface AsMessageInfo {
  readonly transports: readonly string[];
  /** Where each transport is named, when written as a string. */
  readonly transportRanges: ReadonlyArray<{ readonly name: string; readonly range: Range }>;
  readonly type: string | undefined;
  readonly range: Range;
}

/** The @AsMessage options written on this very class. */
export function asMessageOf(index: ProjectIndex, cls: ClassRef): AsMessageInfo | undefined {
  const decorator = cls.decl.decorators.find((d) => isRuntimeDecorator(index, cls.file, d, 'AsMessage'));
  if (decorator === undefined) return undefined;
  const options = decorator.args[0]?.kind === 'obj' ? decorator.args[0].props : {};
  const transport = options['transport'];
  const named = transport?.kind === 'str' ? [transport] : transport?.kind === 'array' ? transport.items : [];
  const transportRanges = named.flatMap((t) => (t.kind === 'str' ? [{ name: t.value, range: t.range }] : []));
  const type = options['type']?.kind === 'str' ? options['type'].value : undefined;
  return { transports: transportRanges.map((t) => t.name), transportRanges, type, range: decorator.range };
}

/** A class declaration, as the runtime's message-name rule reads a message class. */
export function declarationNames(index: ProjectIndex, projectDir: string): MessageClassNames<ClassRef> {
  return {
    className: (cls) => cls.decl.name,
    declaredType: (cls) => asMessageOf(index, cls)?.type,
    describe: (cls) => `${cls.decl.name} (${relative(projectDir, cls.file)})`,
    identity: (cls) => cls.key,
  };
}

/** The name a message class goes by on the wire and in `messenger debug`. */
export function typeNameOf(index: ProjectIndex, cls: ClassRef): string {
  return messageTypeName(cls, { className: (c) => c.decl.name, declaredType: (c) => asMessageOf(index, c)?.type });
}

/** The runtime's registry of message classes, over class declarations. */
export type StaticRegistry = MessageNameRegistry<ClassRef>;

export function messageRegistry(index: ProjectIndex, projectDir: string): StaticRegistry {
  return new MessageNameRegistry(declarationNames(index, projectDir));
}

/** A routing key resolved by the runtime's rule, the key's module read from the project's files. */
export function resolveRoutingKey(
  index: ProjectIndex,
  registry: StaticRegistry,
  rule: RoutingRuleConfig,
  projectDir: string,
  autoload: Autoload,
): RoutingKeyResolution<ClassRef> {
  const module = routingKeyModule(rule.message, registry, autoload);
  return resolveKey(rule.message, {
    registry,
    autoload,
    exported: module === undefined ? undefined : exportedClass(index, projectDir, module),
    unregistered: () =>
      [...index.classes.values()]
        .filter((c) => c.decl.name === rule.message || typeNameOf(index, c) === rule.message)
        .map((c) => `class ${c.decl.name} in ${relative(projectDir, c.file)}`),
  });
}

// The runtime's order, without .js/.mjs: the analysis reads TypeScript sources only, so a class in a JavaScript module is not seen.
const ANALYSED_EXTENSIONS = MODULE_EXTENSIONS.filter((ext) => isSourceFile(`module${ext}`));

/** The class a module of the project exports under a name, as the runtime's import would find it. */
function exportedClass(
  index: ProjectIndex,
  projectDir: string,
  module: { readonly modulePath: string; readonly exportName: string },
): ClassRef | undefined {
  const file = ANALYSED_EXTENSIONS.map((ext) => join(projectDir, module.modulePath + ext)).find((candidate) =>
    index.facts.has(candidate),
  );
  const exported = file === undefined ? undefined : index.exportOf({ kind: 'file', path: file }, module.exportName, 0);
  return exported?.kind === 'class' ? exported.cls : undefined;
}
