import { Stamp } from './Stamp.js';
import { stringOrNumberField, type StampJson } from './stampJson.js';

/** The id a transport gave the message (a row id, a stream entry id, a delivery tag). */
export class TransportMessageIdStamp extends Stamp {
  constructor(readonly id: string | number) {
    super();
  }

  static fromJSON(json: StampJson): TransportMessageIdStamp {
    return new TransportMessageIdStamp(stringOrNumberField(json, 'id'));
  }
}
