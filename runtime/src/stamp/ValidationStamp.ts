import { Stamp } from './Stamp.js';
import { stringListField, type StampJson } from './stampJson.js';

/** The validation groups the `validation` middleware passes to the validator. */
export class ValidationStamp extends Stamp {
  constructor(readonly groups: readonly string[]) {
    super();
  }

  static fromJSON(json: StampJson): ValidationStamp {
    return new ValidationStamp(stringListField(json, 'groups'));
  }
}
