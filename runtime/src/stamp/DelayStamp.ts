import { Stamp } from './Stamp.js';
import { integerField, type StampJson } from './stampJson.js';

/** Asks the transport to make the message available only after `delay` milliseconds (a whole number, as in Symfony). */
export class DelayStamp extends Stamp {
  readonly delay: number;

  constructor(delay: number) {
    super();
    if (!Number.isFinite(delay))
      throw new RangeError(`DelayStamp needs a finite number of milliseconds, got ${delay}.`);
    this.delay = Math.round(delay);
  }

  static fromJSON(json: StampJson): DelayStamp {
    return new DelayStamp(integerField(json, 'delay'));
  }

  static delayFor(milliseconds: number): DelayStamp {
    return new DelayStamp(milliseconds);
  }

  static delayUntil(date: Date, now: Date = new Date()): DelayStamp {
    return new DelayStamp(date.getTime() - now.getTime());
  }
}
