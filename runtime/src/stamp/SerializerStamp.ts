import { Stamp } from './Stamp.js';
import { objectField, type StampJson } from './stampJson.js';

/** Extra context for the serializer, for this message only. */
export class SerializerStamp extends Stamp {
  constructor(readonly context: Readonly<Record<string, unknown>>) {
    super();
  }

  static fromJSON(json: StampJson): SerializerStamp {
    return new SerializerStamp(objectField(json, 'context'));
  }
}
