import { Stamp } from './Stamp.js';
import { stringField, type StampJson } from './stampJson.js';

/** Records the bus a message was dispatched on, so a worker dispatches it on the same bus. */
export class BusNameStamp extends Stamp {
  constructor(readonly busName: string) {
    super();
  }

  static fromJSON(json: StampJson): BusNameStamp {
    return new BusNameStamp(stringField(json, 'busName'));
  }
}
