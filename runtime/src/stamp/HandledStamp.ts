import { Stamp } from './Stamp.js';

/** Added once per handler that handled the message, with what the handler returned. */
export class HandledStamp<R = unknown> extends Stamp {
  constructor(
    readonly result: R,
    readonly handlerName: string,
  ) {
    super();
  }

  getResult(): R {
    return this.result;
  }
}
