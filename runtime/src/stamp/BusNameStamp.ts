import { Stamp } from './Stamp.js';

/** Records the bus a message was dispatched on, so a worker dispatches it on the same bus. */
export class BusNameStamp extends Stamp {
  constructor(readonly busName: string) {
    super();
  }
}
