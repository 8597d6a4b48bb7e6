import type { DecoratorFact, MethodFact, ParamFact, Range, ValueExpr } from '../facts/types.js';
import type { Evaluator } from './evaluate.js';
import type { ClassRef, ProjectIndex } from './ProjectIndex.js';

/** One `@AsMessageHandler` declaration: what the runtime records on the class. */
export interface HandlerDef {
  readonly id: string;
  /** `Class::method`, as HandledStamp names it. */
  readonly name: string;
  readonly cls: ClassRef;
  readonly method: string;
  /** On a method (the method is the handler) rather than on the class. */
  readonly onMethod: boolean;
  /** The message class, `*`, or undefined when it cannot be told. */
  readonly handles: ClassRef | '*' | undefined;
  /** No message class was given: it was read from the parameter type (the runtime refuses this). */
  readonly missingArgument: boolean;
  readonly handlesRange: Range;
  readonly param: ParamFact | undefined;
  readonly methodExists: boolean;
  readonly bus: string | undefined;
  readonly fromTransport: string | undefined;
  readonly priority: number;
  readonly optionRanges: Readonly<Record<string, Range>>;
  readonly decoratorRange: Range;
}

const DECORATOR = 'AsMessageHandler';

/** Is this decorator the runtime's (imported directly, renamed, or through a namespace)? */
export function isRuntimeDecorator(index: ProjectIndex, file: string, decorator: DecoratorFact, name: string): boolean {
  const resolved = index.resolve(file, decorator.callee);
  return resolved.kind === 'runtime' && resolved.name === name;
}

/**
 * The handler declarations of a class in the order the runtime records them: decorated methods
 * in source order, then the class decorators; several decorators on one element apply
 * bottom-up, as decorators do.
 */
export function handlerDefinitions(index: ProjectIndex, cls: ClassRef): HandlerDef[] {
  const defs: HandlerDef[] = [];
  const own = (decorators: readonly DecoratorFact[]) =>
    decorators.filter((d) => isRuntimeDecorator(index, cls.file, d, DECORATOR)).reverse();
  for (const method of cls.decl.methods) {
    for (const decorator of own(method.decorators)) defs.push(definition(index, cls, decorator, method, defs.length));
  }
  for (const decorator of own(cls.decl.decorators))
    defs.push(definition(index, cls, decorator, undefined, defs.length));
  return defs;
}

function definition(
  index: ProjectIndex,
  cls: ClassRef,
  decorator: DecoratorFact,
  method: MethodFact | undefined,
  n: number,
): HandlerDef {
  const options = decorator.args[1]?.kind === 'obj' ? decorator.args[1] : undefined;
  const option = (key: string): ValueExpr | undefined => options?.props[key];
  const str = (key: string): string | undefined => {
    const v = option(key);
    return v?.kind === 'str' ? v.value : undefined;
  };
  const methodName = method?.name ?? str('method') ?? '__invoke';
  const handling = method ?? findMethod(index, cls, methodName);
  const param = handling?.params[0];
  const arg = decorator.args[0];
  let handles: ClassRef | '*' | undefined;
  if (arg?.kind === 'str' && arg.value === '*') handles = '*';
  else if (arg?.kind === 'ref') handles = index.classNamed(cls.file, arg.name);
  else if (arg === undefined && param?.type?.kind === 'ref') handles = index.classNamed(cls.file, param.type.name);
  const priority = option('priority');
  const optionRanges: Record<string, Range> = {};
  for (const [key, range] of Object.entries(options?.keyRanges ?? {}))
    optionRanges[key] = valueRange(options!.props[key]) ?? range;
  return {
    id: `${cls.key}::${methodName}#${n}`,
    name: `${cls.decl.name}::${methodName}`,
    cls,
    method: methodName,
    onMethod: method !== undefined,
    handles,
    missingArgument: arg === undefined,
    handlesRange: (arg && valueRange(arg)) ?? decorator.range,
    param,
    methodExists: handling !== undefined,
    bus: str('bus'),
    fromTransport: str('fromTransport'),
    priority: priority?.kind === 'num' ? priority.value : 0,
    optionRanges,
    decoratorRange: decorator.range,
  };
}

function valueRange(value: ValueExpr | undefined): Range | undefined {
  return value !== undefined && 'range' in value ? value.range : undefined;
}

/** A method of the class or an ancestor in the project (the runtime looks the method up on the instance). */
function findMethod(index: ProjectIndex, cls: ClassRef, name: string): MethodFact | undefined {
  const seen = new Set<string>();
  for (
    let current: ClassRef | undefined = cls;
    current !== undefined && !seen.has(current.key);
    current = index.parentOf(current)
  ) {
    seen.add(current.key);
    const method = current.decl.methods.find((m) => m.name === name && !m.isStatic);
    if (method !== undefined) return method;
  }
  return undefined;
}

/** A `handlers: [...]` entry of createMessenger, followed to the class it builds. */
export interface HandlerEntry {
  readonly kind: 'class' | 'instance' | 'factory';
  readonly cls: ClassRef | undefined;
  readonly file: string;
  readonly range: Range | undefined;
}

/** Flattens the handlers option (arrays, spreads of exported arrays) into entries. */
export function handlerEntries(evaluator: Evaluator, file: string, handlers: ValueExpr | undefined): HandlerEntry[] {
  const out: HandlerEntry[] = [];
  const visit = (f: string, expr: ValueExpr, depth: number): void => {
    if (depth > 8) return;
    if (expr.kind === 'array') {
      for (const item of expr.items) visit(f, item.kind === 'spread' ? item.inner : item, depth + 1);
      return;
    }
    const value = evaluator.evaluate(f, expr);
    if (value.kind === 'array') {
      for (const item of value.items) visit(value.file, item.kind === 'spread' ? item.inner : item, depth + 1);
    } else if (value.kind === 'class') {
      out.push({ kind: 'class', cls: value.cls, file: f, range: rangeOf(expr) });
    } else if (value.kind === 'instance') {
      out.push({ kind: 'instance', cls: value.cls, file: f, range: rangeOf(expr) ?? value.range });
    } else if (value.kind === 'fn') {
      const built = value.returns.map((r) => evaluator.evaluate(value.file, r)).find((v) => v.kind === 'instance');
      out.push({
        kind: 'factory',
        cls: built?.kind === 'instance' ? built.cls : undefined,
        file: value.file,
        range: value.range,
      });
    } else {
      out.push({ kind: 'instance', cls: undefined, file: f, range: rangeOf(expr) });
    }
  };
  if (handlers !== undefined) visit(file, handlers, 0);
  return out;
}

function rangeOf(expr: ValueExpr): Range | undefined {
  return 'range' in expr ? expr.range : undefined;
}
