import type { MessageClass } from '../message/MessageClass.js';

export interface HandlerDescriptorOptions {
  readonly handles: MessageClass | '*';
  readonly bus: string | undefined;
  readonly fromTransport: string | undefined;
  readonly method: string;
  readonly priority: number;
}

/** A callable handler with its name (`Class::method`, as in HandledStamp) and options. */
export class HandlerDescriptor {
  constructor(
    readonly handler: (message: object, ...rest: unknown[]) => unknown,
    readonly name: string,
    readonly options: HandlerDescriptorOptions,
    /** The handler object, when it is a batch handler (see BatchHandler). */
    readonly instance?: object,
  ) {}

  getName(): string {
    return this.name;
  }
}
