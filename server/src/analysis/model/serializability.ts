import { serializationRules as rules } from '@messenger-ts/runtime/rules';
import type { MemberFact, Range, TypeExpr } from '../facts/types.js';
import type { ClassRef, ProjectIndex } from './ProjectIndex.js';
import type { StaticRegistry } from './registry.js';

/** A property of a message that would not survive the JSON serializer. */
export interface PayloadProblem {
  /** `order.customer.notify`, `lines[].price`. */
  readonly path: string;
  /** The serializer's own reason, read after "<path> is …". */
  readonly reason: string;
  /** `weak`: the type does not say (any, unknown, a possible cycle): it may or may not fail. */
  readonly certainty: 'certain' | 'weak';
  /** The message's own property the path starts from (where the diagnostic goes), or the class name. */
  readonly anchor: { readonly file: string; readonly range: Range };
  /** Where the offending member is declared. */
  readonly at: { readonly file: string; readonly range: Range } | undefined;
}

type Step = 'required' | 'optional' | 'array';
type Subst = ReadonlyMap<string, { readonly type: TypeExpr; readonly file: string }>;

const ANY_REASON = 'typed as any or unknown: the analysis cannot tell whether it survives JSON; give it a precise type';
const MAX_WALK_DEPTH = 24;
const MAX_PROBLEMS = 20;
const PASS_THROUGH = new Set(['Partial', 'Required', 'Readonly', 'NonNullable']);
const ARRAYS = new Set(['Array', 'ReadonlyArray']);
// Utility types whose result the syntax alone cannot compute: not reported rather than guessed.
const UNKNOWABLE = new Set([
  'Pick',
  'Omit',
  'Exclude',
  'Extract',
  'ReturnType',
  'Parameters',
  'InstanceType',
  'Awaited',
  'ThisType',
]);

/**
 * Walks a message's property types with the serializer's rules (serializationRules): what the
 * runtime's encoder would refuse when sending an instance, reported before anything is sent.
 */
export class PayloadChecker {
  private problems: PayloadProblem[] = [];
  private readonly seen = new Set<string>();
  readonly files = new Set<string>();
  private anchor: PayloadProblem['anchor'] = { file: '', range: ZERO };
  private readonly path: string[] = [];
  private readonly steps: Step[] = [];
  private readonly ancestors: Array<{ key: string; depth: number }> = [];

  constructor(
    private readonly index: ProjectIndex,
    private readonly registry: StaticRegistry,
  ) {}

  check(cls: ClassRef): PayloadProblem[] {
    this.problems = [];
    this.anchor = { file: cls.file, range: cls.decl.range };
    this.files.add(cls.file);
    const classification = rules.classifyClass(this.index.chainNames(cls));
    if (classification.kind === 'unsupported') this.report(classification.reason, 'certain', undefined);
    else this.classProperties(cls, new Map(), true);
    return this.problems;
  }

  private report(reason: string, certainty: PayloadProblem['certainty'], at: PayloadProblem['at']): void {
    const path = displayPath(this.path);
    const key = `${path}\0${reason}`;
    if (this.seen.has(key) || this.problems.length >= MAX_PROBLEMS) return;
    this.seen.add(key);
    this.problems.push({ path, reason, certainty, anchor: this.anchor, at });
  }

  private classProperties(cls: ClassRef, subst: Subst, root: boolean): void {
    const chain: ClassRef[] = [];
    for (
      let c: ClassRef | undefined = cls;
      c !== undefined && !chain.some((x) => x.key === c!.key);
      c = this.index.parentOf(c)
    )
      chain.unshift(c);
    for (const owner of chain) {
      this.files.add(owner.file);
      for (const member of owner.decl.properties) {
        if (root) this.anchor = { file: owner.file, range: member.range };
        this.member(member, owner.file, owner === cls ? subst : new Map());
      }
      // ES #private fields never reach JSON: the runtime's encoder refuses them.
      for (const field of owner.decl.privateFields ?? []) {
        const at = { file: owner.file, range: field.range };
        if (root) this.anchor = at;
        this.path.push(field.name);
        this.report(rules.PRIVATE_FIELD_REASON, 'certain', at);
        this.path.pop();
      }
    }
  }

  private member(member: MemberFact, file: string, subst: Subst): void {
    this.path.push(member.name);
    const at = { file, range: member.range };
    if (member.keyKind === 'symbol') this.report(rules.SYMBOL_KEY_REASON, 'certain', at);
    else if (rules.isForbiddenKey(member.name)) this.report(rules.forbiddenKeyReason(member.name), 'certain', at);
    else if (member.type !== undefined)
      this.type(member.type, file, subst, member.optional ? 'optional' : 'required', at);
    this.path.pop();
  }

  private type(
    type: TypeExpr,
    file: string,
    subst: Subst,
    step: Step,
    at: PayloadProblem['at'],
    inArray = false,
  ): void {
    if (this.path.length > MAX_WALK_DEPTH) return;
    this.steps.push(step);
    try {
      this.typeInner(type, file, subst, at, inArray);
    } finally {
      this.steps.pop();
    }
  }

  private typeInner(type: TypeExpr, file: string, subst: Subst, at: PayloadProblem['at'], inArray: boolean): void {
    switch (type.kind) {
      case 'kw':
        return this.keyword(type.name, at, inArray);
      case 'fn':
        return this.report(rules.UNSUPPORTED_PRIMITIVES.function, 'certain', at);
      case 'array':
        return this.element(type.elem, file, subst, at);
      case 'tuple':
        return type.elems.forEach((e) => this.element(e, file, subst, at));
      case 'union': {
        const nullable = type.types.some((t) => t.kind === 'kw' && (t.name === 'null' || t.name === 'undefined'));
        for (const member of type.types)
          this.type(member, file, subst, nullable ? 'optional' : 'required', at, inArray);
        return;
      }
      case 'inter':
        return type.types.forEach((t) => this.type(t, file, subst, 'required', at, inArray));
      case 'obj':
        return type.members.forEach((m) => this.member(m, file, subst));
      case 'ref':
        return this.reference(type, file, subst, at);
      default:
        return undefined;
    }
  }

  private keyword(name: string, at: PayloadProblem['at'], inArray: boolean): void {
    if (name === 'bigint' || name === 'symbol') this.report(rules.UNSUPPORTED_PRIMITIVES[name], 'certain', at);
    else if (name === 'any' || name === 'unknown') this.report(ANY_REASON, 'weak', at);
    else if (name === 'undefined' && inArray) this.report(rules.UNDEFINED_IN_ARRAY_REASON, 'certain', at);
  }

  private element(elem: TypeExpr, file: string, subst: Subst, at: PayloadProblem['at']): void {
    this.path.push('[]');
    this.type(elem, file, subst, 'array', at, true);
    this.path.pop();
  }

  private reference(
    type: Extract<TypeExpr, { kind: 'ref' }>,
    file: string,
    subst: Subst,
    at: PayloadProblem['at'],
  ): void {
    const bound = subst.get(type.name);
    if (bound !== undefined) return this.type(bound.type, bound.file, new Map(), 'required', at);
    const args = type.args ?? [];
    const resolved =
      type.module === undefined
        ? this.index.resolve(file, type.name)
        : { kind: 'external' as const, module: type.module, name: type.name };
    switch (resolved.kind) {
      case 'class':
        return this.nestedClass(resolved.cls, bind(resolved.cls.decl.typeParams, args, file), at);
      case 'interface':
        return this.declaration(`i:${resolved.file}#${resolved.decl.name}`, at, () =>
          this.interfaceMembers(resolved.file, resolved.decl.name, bind(resolved.decl.typeParams, args, file)),
        );
      case 'alias':
        return this.declaration(`a:${resolved.file}#${resolved.decl.name}`, at, () => {
          this.files.add(resolved.file);
          this.type(resolved.decl.type, resolved.file, bind(resolved.decl.typeParams, args, file), 'required', at);
        });
      case 'external':
      case 'global':
        return this.builtin(lastSegment(resolved.name), args, file, subst, at);
      default:
        return undefined;
    }
  }

  private builtin(name: string, args: readonly TypeExpr[], file: string, subst: Subst, at: PayloadProblem['at']): void {
    if (ARRAYS.has(name) && args[0] !== undefined) return this.element(args[0], file, subst, at);
    if (PASS_THROUGH.has(name) && args[0] !== undefined) return this.type(args[0], file, subst, 'required', at);
    if (name === 'Record' && args[1] !== undefined) {
      this.path.push('[key]');
      this.type(args[1], file, subst, 'required', at);
      this.path.pop();
      return;
    }
    if (UNKNOWABLE.has(name)) return;
    const classification = rules.classifyClass([name]);
    if (classification.kind === 'unsupported') this.report(classification.reason, 'certain', at);
  }

  private nestedClass(cls: ClassRef, subst: Subst, at: PayloadProblem['at']): void {
    const classification = rules.classifyClass(this.index.chainNames(cls));
    if (classification.kind === 'unsupported') return this.report(classification.reason, 'certain', at);
    if (classification.kind === 'revived') return;
    if (!this.registry.has(cls))
      this.report(rules.unregisteredClassReason(cls.decl.name), 'certain', { file: cls.file, range: cls.decl.range });
    this.declaration(`c:${cls.key}`, at, () => this.classProperties(cls, subst, false));
  }

  /** Walks a declaration unless it is already being walked (a recursive type: a cycle, or a tree). */
  private declaration(key: string, at: PayloadProblem['at'], walk: () => void): void {
    const ancestor = this.ancestors.find((a) => a.key === key);
    if (ancestor !== undefined) return this.recursion(ancestor.depth, at);
    this.ancestors.push({ key, depth: this.steps.length });
    try {
      walk();
    } finally {
      this.ancestors.pop();
    }
  }

  /**
   * Back to a type being walked. Through required single values only, every value must be a
   * cycle (finite data cannot nest forever); through an optional one it may be (a `parent`
   * link); through arrays it is usually a tree, which JSON carries fine.
   */
  private recursion(fromDepth: number, at: PayloadProblem['at']): void {
    const steps = this.steps.slice(fromDepth);
    if (steps.includes('array')) return;
    if (steps.every((s) => s === 'required')) this.report(rules.CYCLE_REASON, 'certain', at);
    else this.report(`possibly ${rules.CYCLE_REASON}`, 'weak', at);
  }

  private interfaceMembers(file: string, name: string, subst: Subst): void {
    this.files.add(file);
    const facts = this.index.facts.get(file);
    const decl = facts?.interfaces.find((i) => i.name === name);
    if (decl === undefined) return;
    for (const base of decl.extendsNames) {
      const resolved = this.index.resolve(file, base);
      if (resolved.kind === 'interface')
        this.declaration(`i:${resolved.file}#${resolved.decl.name}`, undefined, () =>
          this.interfaceMembers(resolved.file, resolved.decl.name, new Map()),
        );
    }
    for (const member of decl.members) this.member(member, file, subst);
  }
}

function bind(params: readonly string[], args: readonly TypeExpr[], file: string): Subst {
  const subst = new Map<string, { type: TypeExpr; file: string }>();
  params.forEach((param, i) => {
    if (args[i] !== undefined) subst.set(param, { type: args[i]!, file });
  });
  return subst;
}

function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** `order.lines[].price`: array items as `[]`, record values as `[key]`. */
function displayPath(segments: readonly string[]): string {
  let out = '';
  for (const segment of segments) out += segment.startsWith('[') ? segment : out === '' ? segment : `.${segment}`;
  return out;
}
