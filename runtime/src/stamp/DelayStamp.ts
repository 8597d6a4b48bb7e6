import { Stamp } from './Stamp.js';

/** Asks the transport to make the message available only after `delay` milliseconds. */
export class DelayStamp extends Stamp {
  constructor(readonly delay: number) {
    super();
    if (!Number.isFinite(delay)) throw new RangeError(`DelayStamp needs a finite number of milliseconds, got ${delay}.`);
  }

  static delayFor(milliseconds: number): DelayStamp {
    return new DelayStamp(milliseconds);
  }

  static delayUntil(date: Date, now: Date = new Date()): DelayStamp {
    return new DelayStamp(date.getTime() - now.getTime());
  }
}
