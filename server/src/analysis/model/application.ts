import { DEFAULT_BUS } from '@messenger-ts/runtime/rules';
import type { FileFacts, ValueExpr } from '../facts/types.js';
import type { ModuleResolver } from '../project/resolveModule.js';
import { type Bootstrap, bootstrapModule, findBootstrap } from './bootstrap.js';
import { type Abstract, Evaluator } from './evaluate.js';
import { type ClassRef, ProjectIndex, type ResolutionCache } from './ProjectIndex.js';

/** Custom transport factories given to createMessenger({ transportFactories }). */
export interface CustomTransportFactories {
  /** The schemes their literal `schemes: [...]` lists declare. */
  readonly schemes: readonly string[];
  /** Whether every factory's schemes could be read: if not, some schemes are unknown. */
  readonly complete: boolean;
}

/**
 * The application as the CLI would load it: the project's names, its bootstrap module and
 * createMessenger() call, and what the call's options change in how messenger.yaml is read.
 */
export interface Application {
  readonly index: ProjectIndex;
  readonly module: string;
  readonly bootstrap: Bootstrap | undefined;
  /** createMessenger({ configFile: '…' }), when written as a string. */
  readonly configFile: string | undefined;
  /** createMessenger({ transportFactories }), undefined when the option is certainly absent. */
  readonly transportFactories: CustomTransportFactories | undefined;
}

export interface ApplicationInput {
  readonly projectDir: string;
  readonly facts: ReadonlyMap<string, FileFacts>;
  readonly classes?: ReadonlyMap<string, ClassRef>;
  readonly resolver: ModuleResolver;
  readonly resolutions?: ResolutionCache;
  /** package.json `"messenger": { "app" }`. */
  readonly app: string | undefined;
  readonly exists: (path: string) => boolean;
}

export function locateApplication(input: ApplicationInput): Application {
  const index = new ProjectIndex(input.facts, input.resolver, input.resolutions, input.classes);
  const module = bootstrapModule(input.projectDir, input.app, input.exists);
  const bootstrap = findBootstrap(index, input.facts, module);
  // The config is read before buses are known, so this evaluator knows no default bus: reading these options needs none.
  const evaluator = new Evaluator(index, DEFAULT_BUS, () => new Map());
  const configFile = bootstrap?.options['configFile'];
  return {
    index,
    module,
    bootstrap,
    configFile: configFile?.kind === 'str' ? configFile.value : undefined,
    transportFactories: bootstrap === undefined ? undefined : transportFactories(index, evaluator, bootstrap),
  };
}

function transportFactories(
  index: ProjectIndex,
  evaluator: Evaluator,
  bootstrap: Bootstrap,
): CustomTransportFactories | undefined {
  const option = bootstrap.options['transportFactories'];
  if (option === undefined) return bootstrap.open ? { schemes: [], complete: false } : undefined;
  const schemes: string[] = [];
  let complete = true;
  const visit = (file: string, expr: ValueExpr, depth: number): void => {
    const value = depth > 8 ? undefined : evaluator.evaluate(file, expr.kind === 'spread' ? expr.inner : expr);
    if (value?.kind === 'array') {
      for (const item of value.items) visit(value.file, item, depth + 1);
      return;
    }
    const found = value === undefined ? undefined : factorySchemes(index, evaluator, value);
    if (found === undefined) complete = false;
    else schemes.push(...found);
  };
  visit(bootstrap.file, option, 0);
  return { schemes, complete };
}

/** A factory's `schemes`, as an object literal's property or a class field initializer. */
function factorySchemes(index: ProjectIndex, evaluator: Evaluator, factory: Abstract): string[] | undefined {
  if (factory.kind === 'object')
    return factory.props['schemes'] === undefined
      ? undefined
      : stringList(evaluator, factory.file, factory.props['schemes']);
  if (factory.kind !== 'instance') return undefined;
  const seen = new Set<string>();
  for (
    let cls: ClassRef | undefined = factory.cls;
    cls !== undefined && !seen.has(cls.key);
    cls = index.parentOf(cls)
  ) {
    seen.add(cls.key);
    const field = cls.decl.fields['schemes'];
    if (field !== undefined) return stringList(evaluator, cls.file, field, cls.decl.name);
  }
  return undefined;
}

function stringList(evaluator: Evaluator, file: string, expr: ValueExpr, inClass?: string): string[] | undefined {
  const list = evaluator.evaluate(file, expr, inClass);
  if (list.kind !== 'array') return undefined;
  const strings = list.items.flatMap((item) => (item.kind === 'str' ? [item.value] : []));
  return strings.length === list.items.length ? strings : undefined;
}
