import type { HandlerDescriptor } from '../handler/HandlerDescriptor.js';
import { NonSendableStamp } from './Stamp.js';

/** A batch handler kept the message for later: the worker must not acknowledge it when the dispatch returns. */
export class NoAutoAckStamp extends NonSendableStamp {
  constructor(readonly handlerDescriptor: HandlerDescriptor) {
    super();
  }

  getHandlerDescriptor(): HandlerDescriptor {
    return this.handlerDescriptor;
  }
}
