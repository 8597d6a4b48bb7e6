import { Stamp } from './Stamp.js';

/** Extra context for the serializer, for this message only. */
export class SerializerStamp extends Stamp {
  constructor(readonly context: Readonly<Record<string, unknown>>) {
    super();
  }
}
