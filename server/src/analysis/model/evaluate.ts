import type { Range, TypeExpr, ValueExpr } from '../facts/types.js';
import type { ModuleTarget } from '../project/resolveModule.js';
import type { ClassRef, ProjectIndex, Resolved } from './ProjectIndex.js';

/** What an expression evaluates to, as far as buses and messages go. */
export type Abstract =
  | { readonly kind: 'messenger' }
  /** A bus; `names` undefined when it cannot be told which; `origin`: where its name is written (`getBus('…')`). */
  | {
      readonly kind: 'bus';
      readonly names: readonly string[] | undefined;
      readonly origin?: { readonly file: string; readonly range: Range; readonly certain: boolean };
    }
  | { readonly kind: 'class'; readonly cls: ClassRef }
  | { readonly kind: 'instance'; readonly cls: ClassRef; readonly range?: Range }
  | { readonly kind: 'envelope'; readonly inner: Abstract }
  | { readonly kind: 'runtime'; readonly name: string }
  /** A module namespace (`import * as m`, `await import('./m.js')`). */
  | { readonly kind: 'module'; readonly target: ModuleTarget }
  | { readonly kind: 'fn'; readonly file: string; readonly returns: readonly ValueExpr[]; readonly range: Range }
  | { readonly kind: 'array'; readonly file: string; readonly items: readonly ValueExpr[] }
  /** An object literal (its properties unevaluated), e.g. a transport factory. */
  | { readonly kind: 'object'; readonly file: string; readonly props: Readonly<Record<string, ValueExpr>> }
  | { readonly kind: 'unknown' };

const UNKNOWN: Abstract = { kind: 'unknown' };
const BUS_TYPES = new Set(['MessageBusInterface', 'MessageBus', 'RoutableMessageBus']);

/** Where instances of a class are built with arguments: handler factories and every `new X(…)` with a non-literal argument. */
export type InstantiationSites = ReadonlyMap<
  string,
  ReadonlyArray<{ readonly file: string; readonly args: readonly ValueExpr[] }>
>;

/**
 * Follows expressions across files: variables, imports, `this.x` back to constructor
 * arguments at the places the class is instantiated, `getBus('x')`, `createMessenger()`,
 * `Envelope.wrap()`. Anything else is unknown: the analysis never guesses a bus.
 */
export class Evaluator {
  constructor(
    private readonly index: ProjectIndex,
    private readonly defaultBus: string,
    private readonly sites: () => InstantiationSites,
  ) {}

  evaluate(file: string, expr: ValueExpr, inClass?: string, depth = 0): Abstract {
    if (depth > 12) return UNKNOWN;
    const next = (e: ValueExpr, f = file, c = inClass): Abstract => this.evaluate(f, e, c, depth + 1);
    switch (expr.kind) {
      case 'ref':
        return this.reference(file, expr.name, depth);
      case 'typed':
      case 'param': {
        const inner = expr.kind === 'typed' ? next(expr.inner) : UNKNOWN;
        return inner.kind !== 'unknown' || expr.type === undefined ? inner : this.fromType(file, expr.type);
      }
      case 'this':
        return inClass === undefined ? UNKNOWN : this.thisProperty(file, inClass, expr.name, depth);
      case 'prop': {
        const obj = next(expr.obj);
        return obj.kind === 'module'
          ? this.fromResolved(this.index.exportOf(obj.target, expr.name, 0), depth)
          : this.property(obj, expr.name);
      }
      case 'import':
        return { kind: 'module', target: this.index.resolveModule(file, expr.module) };
      case 'call':
        return this.call(file, expr, inClass, depth);
      case 'new': {
        const resolved = this.index.resolve(file, expr.cls);
        if (resolved.kind === 'class') return { kind: 'instance', cls: resolved.cls, range: expr.range };
        if (resolved.kind === 'runtime' && BUS_TYPES.has(resolved.name)) return { kind: 'bus', names: undefined };
        return UNKNOWN;
      }
      case 'fn':
        return { kind: 'fn', file, returns: expr.returns, range: expr.range };
      case 'array':
        return { kind: 'array', file, items: expr.items };
      case 'obj':
        return { kind: 'object', file, props: expr.props };
      default:
        return UNKNOWN;
    }
  }

  private reference(file: string, name: string, depth: number): Abstract {
    return this.fromResolved(this.index.resolve(file, name), depth);
  }

  private fromResolved(resolved: Resolved, depth: number): Abstract {
    switch (resolved.kind) {
      case 'class':
        return { kind: 'class', cls: resolved.cls };
      case 'value':
        return this.evaluate(resolved.file, resolved.value, undefined, depth + 1);
      case 'runtime':
        return { kind: 'runtime', name: resolved.name };
      case 'namespace':
        return { kind: 'module', target: resolved.target };
      default:
        return UNKNOWN;
    }
  }

  /** A declared type: a runtime bus or Messenger type, or a class of the project (an instance of it). */
  fromType(file: string, type: TypeExpr): Abstract {
    if (type.kind !== 'ref') return UNKNOWN;
    const resolved = this.index.resolve(file, type.name);
    if (resolved.kind === 'runtime' && BUS_TYPES.has(resolved.name)) return { kind: 'bus', names: undefined };
    if (resolved.kind === 'runtime' && resolved.name === 'Messenger') return { kind: 'messenger' };
    if (resolved.kind === 'class') return { kind: 'instance', cls: resolved.cls };
    return UNKNOWN;
  }

  private thisProperty(file: string, inClass: string, name: string, depth: number): Abstract {
    const cls = this.index.classNamed(file, inClass);
    const field = cls?.decl.fields[name];
    if (cls === undefined || field === undefined) return UNKNOWN;
    if (field.kind !== 'param' || !field.ctor) return this.evaluate(file, field, inClass, depth + 1);
    // An injected value: what the places that build this class pass in.
    const values = (this.sites().get(cls.key) ?? []).flatMap((site) => {
      const arg = site.args[field.index];
      return arg === undefined ? [] : [this.evaluate(site.file, arg, undefined, depth + 1)];
    });
    // One place builds it: that value, with where its bus is named. Several: the buses they pass.
    if (values.length === 1) return values[0]!;
    if (values.length > 0 && values.every((v) => v.kind === 'bus' || v.kind === 'messenger'))
      return mergeBuses(values, this.defaultBus);
    return field.type === undefined ? UNKNOWN : this.fromType(file, field.type);
  }

  private property(obj: Abstract, name: string): Abstract {
    if (obj.kind === 'messenger' && name === 'bus') return { kind: 'bus', names: [this.defaultBus] };
    // Without a BusNameStamp the routable bus dispatches on the default bus.
    if (obj.kind === 'messenger' && name === 'routableBus') return { kind: 'bus', names: [this.defaultBus] };
    if (obj.kind === 'runtime' && obj.name === 'Envelope' && name === 'wrap')
      return { kind: 'runtime', name: 'Envelope.wrap' };
    return UNKNOWN;
  }

  private call(
    file: string,
    expr: Extract<ValueExpr, { kind: 'call' }>,
    inClass: string | undefined,
    depth: number,
  ): Abstract {
    const fn = expr.fn;
    const calleeName = fn.kind === 'prop' ? fn.name : fn.kind === 'ref' || fn.kind === 'param' ? fn.name : undefined;
    if (calleeName === 'getBus') {
      const arg = expr.args[0];
      if (arg === undefined) return { kind: 'bus', names: [this.defaultBus] };
      if (arg.kind !== 'str') return { kind: 'bus', names: undefined };
      // Known to be the runtime's getBus() when called on the messenger; any other `getBus` is likely, not sure, to be one.
      const onMessenger = fn.kind === 'prop' && this.evaluate(file, fn.obj, inClass, depth + 1).kind === 'messenger';
      return { kind: 'bus', names: [arg.value], origin: { file, range: arg.range, certain: onMessenger } };
    }
    const callee = this.evaluate(file, fn, inClass, depth + 1);
    if (callee.kind === 'runtime' && callee.name === 'createMessenger') return { kind: 'messenger' };
    if (callee.kind === 'runtime' && callee.name === 'Envelope.wrap' && expr.args[0] !== undefined) {
      return { kind: 'envelope', inner: this.evaluate(file, expr.args[0], inClass, depth + 1) };
    }
    return UNKNOWN;
  }

  /** The bus a receiver stands for: its names, or undefined when it is a bus of unknown name; null when it is no bus. */
  busOf(value: Abstract): readonly string[] | undefined | null {
    if (value.kind === 'messenger') return [this.defaultBus];
    if (value.kind === 'bus') return value.names;
    return null;
  }
}

function mergeBuses(values: readonly Abstract[], defaultBus: string): Abstract {
  const names = new Set<string>();
  for (const value of values) {
    if (value.kind === 'messenger') names.add(defaultBus);
    else if (value.kind === 'bus') {
      if (value.names === undefined) return { kind: 'bus', names: undefined };
      for (const name of value.names) names.add(name);
    }
  }
  return { kind: 'bus', names: [...names] };
}
