import { Stamp } from './Stamp.js';

/** The validation groups the `validation` middleware passes to the validator. */
export class ValidationStamp extends Stamp {
  constructor(readonly groups: readonly string[]) {
    super();
  }
}
