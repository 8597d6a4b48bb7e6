import { didYouMean } from '../config/didYouMean.js';
import type { WILDCARD } from '../routing/listTypes.js';

/**
 * Handler registration, the one rule for what createMessenger({ handlers }) builds: generic over
 * what it reads, handler objects at run time (app/registerHandlers.ts) and class declarations in
 * the static analysis, so both build the same table and report the same mistakes.
 */

/** What an @AsMessageHandler declaration says, whatever it was read from. */
export interface HandlerDeclaration<M> {
  readonly handles: M | typeof WILDCARD;
  readonly method: string;
  readonly bus: string | undefined;
  readonly fromTransport: string | undefined;
  readonly priority: number;
}

/** How the rule reads one kind of handler. */
export interface HandlerReader<H, M, D extends HandlerDeclaration<M>, E> {
  /** The class name, as handler names (`Class::method`) use it. */
  className(handler: H): string;
  /** Its declarations, in the order the decorators recorded them. */
  declarations(handler: H): readonly D[];
  /** Does the handler have this method to call? */
  hasMethod(handler: H, method: string): boolean;
  /** What the table holds for one declaration of one handler. */
  entry(handler: H, declaration: D, name: string): E;
}

export type HandlerProblem<H, D> =
  | { readonly kind: 'not-a-handler'; readonly handler: H; readonly message: string }
  | {
      readonly kind: 'unknown-method' | 'unknown-bus';
      readonly handler: H;
      readonly declaration: D;
      readonly message: string;
    };

/** Per bus, per handled message type (or `*`), the entries in the order they run: highest priority first. */
export type HandlerTable<M, E> = Map<string, Map<M | typeof WILDCARD, E[]>>;

/** `Class::method`: how HandledStamp, `messenger debug` and handler lookup name a handler. */
export function handlerName(className: string, method: string): string {
  return `${className}::${method}`;
}

/** What is wrong with one declaration of a handler, if anything (the runtime refuses to start then). */
export function checkHandlerDeclaration(
  className: string,
  declaration: HandlerDeclaration<unknown>,
  hasMethod: boolean,
  buses: readonly string[],
): { readonly kind: 'unknown-method' | 'unknown-bus'; readonly message: string } | undefined {
  if (!hasMethod)
    return {
      kind: 'unknown-method',
      message: `${className} has no method "${declaration.method}" to handle messages with: add it, set the "method" option to an existing method, or decorate the method itself.`,
    };
  if (declaration.bus !== undefined && !buses.includes(declaration.bus))
    return {
      kind: 'unknown-bus',
      message: `Bus "${declaration.bus}" of handler ${handlerName(className, declaration.method)} does not exist${didYouMean(declaration.bus, buses)}. Configured buses: ${buses.join(', ')}.`,
    };
  return undefined;
}

/** Why a handler given to createMessenger() without any declaration is refused. */
export function notAHandlerMessage(className: string): string {
  return `${className} has no @AsMessageHandler on the class or its methods, so createMessenger() refuses it: decorate it, or remove it from "handlers".`;
}

/**
 * Registers handlers on buses: each declaration on its bus, or on every bus when it names none
 * (as in Symfony), under the message type it handles; then each list sorted by priority,
 * highest first (the sort is stable: equal priorities keep registration order). A declaration
 * with a problem is left out and reported.
 */
export function registerHandlerDeclarations<H, M, D extends HandlerDeclaration<M>, E>(
  handlers: readonly H[],
  buses: readonly string[],
  reader: HandlerReader<H, M, D, E>,
): { readonly table: HandlerTable<M, E>; readonly problems: HandlerProblem<H, D>[] } {
  const ranked = new Map(
    buses.map((bus) => [bus, new Map<M | typeof WILDCARD, Array<{ entry: E; priority: number }>>()]),
  );
  const problems: HandlerProblem<H, D>[] = [];
  for (const handler of handlers) {
    const className = reader.className(handler);
    const declarations = reader.declarations(handler);
    if (declarations.length === 0)
      problems.push({ kind: 'not-a-handler', handler, message: notAHandlerMessage(className) });
    for (const declaration of declarations) {
      const problem = checkHandlerDeclaration(
        className,
        declaration,
        reader.hasMethod(handler, declaration.method),
        buses,
      );
      if (problem !== undefined) {
        problems.push({ ...problem, handler, declaration });
        continue;
      }
      const entry = reader.entry(handler, declaration, handlerName(className, declaration.method));
      for (const bus of declaration.bus === undefined ? buses : [declaration.bus]) {
        const byMessage = ranked.get(bus)!;
        const list = byMessage.get(declaration.handles) ?? [];
        list.push({ entry, priority: declaration.priority });
        byMessage.set(declaration.handles, list);
      }
    }
  }
  const table: HandlerTable<M, E> = new Map();
  for (const [bus, byMessage] of ranked) {
    const sorted = new Map<M | typeof WILDCARD, E[]>();
    for (const [type, list] of byMessage)
      sorted.set(
        type,
        list.sort((a, b) => b.priority - a.priority).map((ranked) => ranked.entry),
      );
    table.set(bus, sorted);
  }
  return { table, problems };
}
