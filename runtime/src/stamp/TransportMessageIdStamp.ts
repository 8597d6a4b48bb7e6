import { Stamp } from './Stamp.js';

/** The id a transport gave the message (a row id, a stream entry id, a delivery tag). */
export class TransportMessageIdStamp extends Stamp {
  constructor(readonly id: string | number) {
    super();
  }
}
