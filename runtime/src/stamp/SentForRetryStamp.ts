import { NonSendableStamp } from './Stamp.js';

/**
 * Whether a failed message was sent for retry (Symfony 7.3's SentForRetryStamp): put on the
 * envelope the worker then rejects, so a transport that keeps rejected messages (Beanstalkd
 * with bury_on_reject) does not keep one whose retry is already on its way.
 */
export class SentForRetryStamp extends NonSendableStamp {
  constructor(readonly isSent: boolean) {
    super();
  }
}
