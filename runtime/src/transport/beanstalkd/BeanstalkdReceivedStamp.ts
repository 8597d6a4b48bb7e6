import { NonSendableStamp } from '../../stamp/Stamp.js';

/** The job a received message came from: what ack() deletes, reject() deletes or buries, keepalive() touches. */
export class BeanstalkdReceivedStamp extends NonSendableStamp {
  constructor(
    readonly id: string,
    readonly tube: string,
  ) {
    super();
  }
}
