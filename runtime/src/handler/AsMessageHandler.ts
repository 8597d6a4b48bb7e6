import { LogicException } from '../errors/MessengerException.js';
import type { MessageClass } from '../message/MessageClass.js';
import { classMetadata, isDecoratorContext, ownList } from '../support/metadata.js';

/** Options of @AsMessageHandler, named as Symfony's attribute names them. */
export interface AsMessageHandlerOptions {
  /** Only on this bus; by default a handler is registered on every bus. */
  bus?: string;
  /** Only when the message was received from this transport. */
  fromTransport?: string;
  /** On a class: the method that handles the message (default `__invoke`). */
  method?: string;
  /** Higher runs first; default 0. */
  priority?: number;
}

/** What the decorator records on the class; the registry turns it into handler descriptors. */
export interface HandlerDefinition {
  readonly handles: MessageClass | '*';
  readonly method: string;
  readonly bus: string | undefined;
  readonly fromTransport: string | undefined;
  readonly priority: number;
}

/** A function that can take a message of type M (a batch handler also takes an Acknowledger). */
// biome-ignore lint/suspicious/noExplicitAny: a handler may take more parameters than the message; `unknown[]` would refuse them.
export type Handles<M> = (message: M, ...rest: any[]) => unknown;

/** What the decorator may be applied to: a method taking M, or a class whose method K takes M. */
// biome-ignore lint/suspicious/noExplicitAny: any constructor parameters; `unknown[]` would refuse classes that take some.
type AnyConstructor<T> = abstract new (...args: any[]) => T;

export type DecoratedHandler<M, K extends string, C> = C extends ClassMethodDecoratorContext
  ? Handles<M>
  : AnyConstructor<{ [P in K]: Handles<M> }>;

/**
 * The decorator returned by {@link AsMessageHandler}. TypeScript checks that the handling
 * method accepts the message class given to the decorator.
 */
export interface HandlerDecorator<M extends object, K extends string> {
  /** Legacy `experimentalDecorators` form (no type check of the parameter). */
  (target: object, propertyKey?: string | symbol, descriptor?: PropertyDescriptor): void;
  // Last, so that TypeScript reports this signature's error: it names the expected handler shape.
  <C extends ClassDecoratorContext | ClassMethodDecoratorContext, V extends DecoratedHandler<M, K, C>>(
    value: V,
    context: C,
  ): void;
}

export const HANDLERS = Symbol('messenger.handlers');

/**
 * Declares a message handler, like Symfony's `#[AsMessageHandler]`.
 *
 * TypeScript erases types at run time, so the runtime cannot read the handler's parameter
 * type as PHP does: the message class is passed to the decorator, and the decorator's type
 * makes the compiler reject a handler whose parameter does not accept that class.
 *
 * ```ts
 * @AsMessageHandler(SmsNotification)                       // class: handled by __invoke
 * @AsMessageHandler(SmsNotification, { fromTransport: 'async', priority: 10 })
 * class SmsNotificationHandler { __invoke(message: SmsNotification) {} }
 *
 * class NotificationHandlers {
 *   @AsMessageHandler(SmsNotification) onSms(message: SmsNotification) {}    // one class, several messages
 *   @AsMessageHandler(EmailNotification) onEmail(message: EmailNotification) {}
 * }
 * ```
 */
export function AsMessageHandler<M extends object, K extends string = '__invoke'>(
  handles: MessageClass<M> | '*',
  options?: AsMessageHandlerOptions & { method?: K },
): HandlerDecorator<M, K> {
  if (handles !== '*' && typeof handles !== 'function') {
    throw new LogicException(
      `@AsMessageHandler needs the message class as first argument, e.g. @AsMessageHandler(SmsNotification), got ${describe(handles)}. ` +
        'Types are erased at run time, so the runtime cannot read the parameter type.',
    );
  }
  const decorator = (value: unknown, context?: unknown, descriptor?: unknown): void => {
    if (isDecoratorContext(context)) {
      record(
        context.metadata as Record<symbol, unknown>,
        handles,
        options,
        context.kind === 'class' ? undefined : methodName(context),
        contextLabel(context),
      );
      return;
    }
    // experimentalDecorators: (constructor) for a class, (prototype, key, descriptor) for a method.
    if (typeof value === 'function' && context === undefined) {
      record(classMetadata(value), handles, options, undefined, value.name);
    } else if (
      value !== null &&
      typeof value === 'object' &&
      (typeof context === 'string' || typeof context === 'symbol') &&
      descriptor !== undefined
    ) {
      const ctor = (value as { constructor: Function }).constructor;
      if (typeof context === 'symbol')
        throw new LogicException(
          `@AsMessageHandler on ${ctor.name}[${String(context)}]: a handler method needs a string name.`,
        );
      record(classMetadata(ctor), handles, options, context, `${ctor.name}.${context}`);
    } else {
      throw new LogicException('@AsMessageHandler can decorate a class or one of its instance methods.');
    }
  };
  return decorator as HandlerDecorator<M, K>;
}

function record(
  metadata: Record<symbol, unknown>,
  handles: MessageClass | '*',
  options: AsMessageHandlerOptions | undefined,
  decoratedMethod: string | undefined,
  where: string,
): void {
  if (decoratedMethod !== undefined && options?.method !== undefined && options.method !== decoratedMethod) {
    throw new LogicException(
      `@AsMessageHandler on method ${where}: the "method" option is for class decorators; this method is the handler.`,
    );
  }
  const priority = options?.priority ?? 0;
  if (!Number.isFinite(priority))
    throw new LogicException(`@AsMessageHandler on ${where}: priority must be a finite number, got ${priority}.`);
  ownList<HandlerDefinition>(metadata, HANDLERS).push({
    handles,
    method: decoratedMethod ?? options?.method ?? '__invoke',
    bus: options?.bus,
    fromTransport: options?.fromTransport,
    priority,
  });
}

function methodName(context: DecoratorContext): string {
  if (context.kind !== 'method')
    throw new LogicException(
      `@AsMessageHandler can decorate a class or a method, not a ${context.kind} (${String(context.name)}).`,
    );
  if (context.static || context.private || typeof context.name !== 'string') {
    throw new LogicException(
      `@AsMessageHandler on ${String(context.name)}: a handler must be a public instance method.`,
    );
  }
  return context.name;
}

function contextLabel(context: DecoratorContext): string {
  return String(context.name);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}
