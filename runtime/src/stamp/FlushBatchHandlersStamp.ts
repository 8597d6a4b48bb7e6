import { NonSendableStamp } from './Stamp.js';

/** Asks the batch handlers that hold this message to process their pending batch (`force` when the worker stops). */
export class FlushBatchHandlersStamp extends NonSendableStamp {
  constructor(readonly force: boolean) {
    super();
  }
}
