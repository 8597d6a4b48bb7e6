import { Stamp } from './Stamp.js';
import { stringListField, type StampJson } from './stampJson.js';

/** Sends the message to these transports, ignoring the routing configuration. */
export class TransportNamesStamp extends Stamp {
  readonly transportNames: readonly string[];

  constructor(transportNames: string | readonly string[]) {
    super();
    this.transportNames = typeof transportNames === 'string' ? [transportNames] : [...transportNames];
  }

  static fromJSON(json: StampJson): TransportNamesStamp {
    return new TransportNamesStamp(stringListField(json, 'transportNames'));
  }
}
