/**
 * Per-file facts: what one TypeScript file says about messages, handlers, buses and dispatches,
 * extracted from its syntax alone. They are plain data (no AST), cached per file version, and
 * assembled across files into the model. Names are resolved later, when all files are known.
 */

// One Range for the analysis, the protocol and LSP: 0-based lines and UTF-16 characters.
import type { Range } from '../../protocol.js';

export type { Position, Range } from '../../protocol.js';

export type KeywordName =
  | 'string'
  | 'number'
  | 'boolean'
  | 'bigint'
  | 'symbol'
  | 'any'
  | 'unknown'
  | 'never'
  | 'object'
  | 'undefined'
  | 'null'
  | 'void';

/** A type as written (never inferred by a checker): enough to follow a message's properties. */
export type TypeExpr =
  | { readonly kind: 'kw'; readonly name: KeywordName }
  | { readonly kind: 'lit' }
  | { readonly kind: 'ref'; readonly name: string; readonly args?: readonly TypeExpr[]; readonly module?: string }
  | { readonly kind: 'array'; readonly elem: TypeExpr }
  | { readonly kind: 'tuple'; readonly elems: readonly TypeExpr[] }
  | { readonly kind: 'union'; readonly types: readonly TypeExpr[] }
  | { readonly kind: 'inter'; readonly types: readonly TypeExpr[] }
  | { readonly kind: 'fn' }
  | { readonly kind: 'obj'; readonly members: readonly MemberFact[] }
  | { readonly kind: 'opaque'; readonly text: string };

/** A data property of a class, interface or object type. */
export interface MemberFact {
  readonly name: string;
  /** `symbol` for a computed key that is not a string literal (JSON drops symbol keys). */
  readonly keyKind: 'name' | 'symbol';
  readonly optional: boolean;
  /** Undefined when neither an annotation nor an initializer says what it holds. */
  readonly type: TypeExpr | undefined;
  readonly typeText: string;
  readonly range: Range;
}

/** An expression reduced to what the analysis can follow: buses, messages, handler entries. */
export type ValueExpr =
  | { readonly kind: 'new'; readonly cls: string; readonly args: readonly ValueExpr[]; readonly range: Range }
  | { readonly kind: 'call'; readonly fn: ValueExpr; readonly args: readonly ValueExpr[]; readonly range: Range }
  /** `import('./module.js')`: the module namespace (awaited or not). */
  | { readonly kind: 'import'; readonly module: string }
  | { readonly kind: 'prop'; readonly obj: ValueExpr; readonly name: string }
  | { readonly kind: 'ref'; readonly name: string; readonly range?: Range }
  | { readonly kind: 'this'; readonly name: string }
  | {
      readonly kind: 'param';
      readonly name: string;
      readonly index: number;
      readonly ctor: boolean;
      readonly type?: TypeExpr;
    }
  | { readonly kind: 'str'; readonly value: string; readonly range: Range }
  | { readonly kind: 'num'; readonly value: number }
  | { readonly kind: 'array'; readonly items: readonly ValueExpr[] }
  | { readonly kind: 'spread'; readonly inner: ValueExpr }
  | { readonly kind: 'fn'; readonly returns: readonly ValueExpr[]; readonly range: Range }
  /** `open`: a spread (`...rest`) or a computed key adds properties that are not in `props`. */
  | {
      readonly kind: 'obj';
      readonly props: Readonly<Record<string, ValueExpr>>;
      readonly keyRanges: Readonly<Record<string, Range>>;
      readonly open?: true;
    }
  | { readonly kind: 'typed'; readonly type: TypeExpr; readonly inner: ValueExpr }
  | { readonly kind: 'unknown' };

export interface DecoratorFact {
  /** The callee as written: `AsMessageHandler`, `rt.AsMessageHandler`. */
  readonly callee: string;
  readonly args: readonly ValueExpr[];
  readonly range: Range;
}

export interface ParamFact {
  readonly name: string;
  readonly type: TypeExpr | undefined;
  readonly typeText: string;
  /** The type annotation's range, else the name's. */
  readonly range: Range;
  readonly nameRange: Range;
  /** A constructor parameter property (`private readonly bus: …`). */
  readonly isProperty: boolean;
  readonly optional: boolean;
}

export interface MethodFact {
  readonly name: string;
  readonly range: Range;
  readonly isStatic: boolean;
  readonly params: readonly ParamFact[];
  readonly decorators: readonly DecoratorFact[];
}

export interface ClassFact {
  readonly name: string;
  readonly range: Range;
  readonly exported: boolean;
  readonly isDefault: boolean;
  readonly isAbstract: boolean;
  readonly extendsName: string | undefined;
  readonly extendsRange: Range | undefined;
  readonly typeParams: readonly string[];
  /** Own enumerable data properties of an instance, in declaration order (fields, then parameter properties first as TS emits them). */
  readonly properties: readonly MemberFact[];
  /** ES `#private` instance fields (`#token`): not properties, so the JSON serializer refuses them. */
  readonly privateFields?: ReadonlyArray<{ readonly name: string; readonly range: Range }>;
  readonly methods: readonly MethodFact[];
  readonly ctorParams: readonly ParamFact[];
  readonly decorators: readonly DecoratorFact[];
  /** What `this.<name>` holds: field initializers and `this.x = …` in the constructor. */
  readonly fields: Readonly<Record<string, ValueExpr>>;
}

export interface InterfaceFact {
  readonly name: string;
  readonly range: Range;
  readonly extendsNames: readonly string[];
  readonly typeParams: readonly string[];
  readonly members: readonly MemberFact[];
}

export interface AliasFact {
  readonly name: string;
  readonly range: Range;
  readonly typeParams: readonly string[];
  readonly type: TypeExpr;
}

export interface ImportFact {
  readonly module: string;
  /** The exported name, `default`, or `*` for a namespace import. */
  readonly name: string;
}

export type ExportFact =
  | { readonly kind: 'local'; readonly local: string }
  | { readonly kind: 'from'; readonly module: string; readonly name: string };

/** A `.dispatch(message)` or `handle(bus, message)` call, kept until the receiver is known to be a bus. */
export interface DispatchFact {
  readonly via: 'dispatch' | 'handle';
  readonly callee: ValueExpr;
  readonly receiver: ValueExpr;
  readonly message: ValueExpr;
  readonly range: Range;
  /** The class whose method contains the call (for `this.bus`). */
  readonly inClass: string | undefined;
}

export interface NewFact {
  readonly cls: string;
  readonly args: readonly ValueExpr[];
}

export interface MessengerCallFact {
  readonly callee: string;
  readonly options: ValueExpr;
  readonly range: Range;
}

export interface FileFacts {
  readonly file: string;
  readonly imports: ReadonlyMap<string, ImportFact>;
  readonly exports: ReadonlyMap<string, ExportFact>;
  readonly exportStars: readonly string[];
  readonly defaultExport: ValueExpr | undefined;
  readonly classes: readonly ClassFact[];
  readonly interfaces: readonly InterfaceFact[];
  readonly aliases: readonly AliasFact[];
  readonly enums: readonly string[];
  readonly variables: ReadonlyMap<string, ValueExpr>;
  readonly dispatches: readonly DispatchFact[];
  readonly news: readonly NewFact[];
  readonly messengerCalls: readonly MessengerCallFact[];
  /** Set when the file could not be analysed (too large, unreadable). */
  readonly skipped?: string;
  readonly syntaxErrors: number;
  /** The first syntax error: the facts after it may be incomplete. */
  readonly firstSyntaxError?: { readonly range: Range; readonly message: string };
}
