import { messageTypeName } from '../message/messageTypeName.js';
import { RuntimeException } from './MessengerException.js';

/** One constraint a message breaks. */
export interface ConstraintViolation {
  /** The property at fault, e.g. `phoneNumber` or `order.lines[0].quantity`; empty for the whole message. */
  readonly propertyPath: string;
  readonly message: string;
}

/** Thrown by the `validation` middleware; the message is not handled. */
export class ValidationFailedException extends RuntimeException {
  constructor(
    readonly violatingMessage: object,
    readonly violations: readonly ConstraintViolation[],
  ) {
    const list = violations.map((v) => (v.propertyPath ? `${v.propertyPath}: ${v.message}` : v.message)).join('; ');
    super(`Message of type "${messageTypeName(violatingMessage)}" failed validation: ${list}`);
  }
}
