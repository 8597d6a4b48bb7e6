import { Stamp } from './Stamp.js';
import { stringField, type StampJson } from './stampJson.js';

/** Added once per handler that handled the message, with what the handler returned. */
export class HandledStamp<R = unknown> extends Stamp {
  constructor(
    readonly result: R,
    readonly handlerName: string,
  ) {
    super();
  }

  static fromJSON(json: StampJson): HandledStamp {
    // The result is informative only (any JSON); the handler's name must be a name.
    return new HandledStamp(json['result'] ?? null, stringField(json, 'handlerName'));
  }

  getResult(): R {
    return this.result;
  }
}
