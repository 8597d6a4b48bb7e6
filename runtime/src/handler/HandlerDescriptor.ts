import type { MessageClass } from '../message/MessageClass.js';
import { HandledStamp } from '../stamp/HandledStamp.js';
import { BatchHandler } from './BatchHandler.js';

export interface HandlerDescriptorOptions {
  readonly handles: MessageClass | '*';
  readonly bus: string | undefined;
  readonly fromTransport: string | undefined;
  readonly method: string;
  readonly priority: number;
}

/** A callable handler with its name (`Class::method`, as in HandledStamp) and options. */
export class HandlerDescriptor {
  /** The handler object when it is a batch handler: it is then called with an Acknowledger by workers. */
  readonly batchHandler: BatchHandler | undefined;
  /** Only for messages received from this transport (handler lookup reads it on every received message). */
  readonly fromTransport: string | undefined;
  /**
   * The HandledStamp of a call that returned nothing, made once: most handlers return nothing,
   * and a stamp is an immutable value, so every envelope they handle can share it.
   */
  readonly handledWithoutResult: HandledStamp<undefined>;

  constructor(
    readonly handler: (message: object, ...rest: unknown[]) => unknown,
    readonly name: string,
    readonly options: HandlerDescriptorOptions,
    /** The handler object, when known. */
    readonly instance?: object,
  ) {
    this.batchHandler = instance instanceof BatchHandler ? instance : undefined;
    this.fromTransport = options.fromTransport;
    this.handledWithoutResult = new HandledStamp(undefined, name);
  }

  getName(): string {
    return this.name;
  }

  getBatchHandler(): BatchHandler | undefined {
    return this.batchHandler;
  }
}
